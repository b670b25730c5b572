from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "govdx.governance"
    label = "governance"
    verbose_name = "Governance"
