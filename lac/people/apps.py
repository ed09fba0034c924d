from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PeopleConfig(AppConfig):
    name = "lac.people"
    label = "people"
    verbose_name = gettext_lazy("People, households and consent")

    def ready(self) -> None:
        from lac.people import inventory  # noqa: F401  registers its system check
