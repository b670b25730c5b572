from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govdx.core"
    label = "core"
    verbose_name = "govdx core"
