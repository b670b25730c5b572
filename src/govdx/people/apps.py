from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "govdx.people"
    label = "people"
    verbose_name = "People and culture change"
