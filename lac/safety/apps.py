from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SafetyConfig(AppConfig):
    name = "lac.safety"
    label = "safety"
    verbose_name = gettext_lazy("Keeping people and coordinators safe")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Subject access (in people, below safety) withholds safeguarding concerns unless a
        manager decided to include them: safety says which records, why, and the decision."""
        from lac.people.subject_access import withholding_register
        from lac.safety.disclosure import CONCERNS_WITHHELD

        withholding_register(CONCERNS_WITHHELD)
