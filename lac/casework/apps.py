from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CaseworkConfig(AppConfig):
    name = "lac.casework"
    label = "casework"
    verbose_name = gettext_lazy("Casework: introductions, conversations, goals and closures")

    def ready(self) -> None:
        """A one-time link can open the person's good life plan, or their follow-up after
        closure (lac.selfservice)."""
        from lac.casework import closure_follow_ups
        from lac.casework.closure_follow_up_views import answer_follow_up
        from lac.casework.plan_views import PLAN_PURPOSE, plan_by_link
        from lac.selfservice.registry import Purpose, register

        register(Purpose(PLAN_PURPOSE, "see their good life plan", plan_by_link))
        register(
            Purpose(
                closure_follow_ups.PURPOSE,
                "say how things are now, after closure",
                answer_follow_up,
                target_model="casework.followup",
            )
        )
