from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lac.people"
    label = "people"
    verbose_name = "People, households and consent"

    def ready(self) -> None:
        from lac.people import inventory  # noqa: F401  registers its system check
