from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "lac.casework"
    label = "casework"
    verbose_name = "Casework: introductions, conversations, goals and closures"

    def ready(self) -> None:
        """A one-time link can open the person's good life plan (lac.selfservice)."""
        from lac.casework.plan_views import PLAN_PURPOSE, plan_by_link
        from lac.selfservice.registry import Purpose, register

        register(Purpose(PLAN_PURPOSE, "see their good life plan", plan_by_link))
