from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "govdx.programme"
    label = "programme"
    verbose_name = "Programme"
