from django.apps import AppConfig


class EstateConfig(AppConfig):
    name = "govdx.estate"
    label = "estate"
    verbose_name = "Estate"
