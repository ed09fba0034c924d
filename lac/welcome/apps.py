from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WelcomeConfig(AppConfig):
    name = "lac.welcome"
    label = "welcome"
    verbose_name = gettext_lazy("Introductions from partners and residents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """A one-time link can open news for someone who introduced themselves."""
        from lac.selfservice.registry import Purpose, register
        from lac.welcome.link_views import news_by_link
        from lac.welcome.services import NEWS_PURPOSE

        purpose = Purpose(
            NEWS_PURPOSE, "read news about their introduction", news_by_link, "welcome.newsback"
        )
        register(purpose)
