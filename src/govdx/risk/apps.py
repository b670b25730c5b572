from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "govdx.risk"
    label = "risk"
    verbose_name = "Risk"
