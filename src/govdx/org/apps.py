from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "govdx.org"
    label = "org"
    verbose_name = "Organisation"
