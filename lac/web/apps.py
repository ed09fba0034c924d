from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WebConfig(AppConfig):
    name = "lac.web"
    label = "web"
    verbose_name = gettext_lazy("Site shell")

    def ready(self) -> None:
        from lac.accounts.language import drop_empty_fallbacks

        drop_empty_fallbacks()
