from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lac.people"
    label = "people"
    verbose_name = "People, households and consent"
