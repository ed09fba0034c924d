from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WebConfig(AppConfig):
    name = "lac.web"
    label = "web"
    verbose_name = gettext_lazy("Site shell")

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from lac.accounts.language import drop_empty_fallbacks, translations_reset

        drop_empty_fallbacks()
        # Django reads the translations again when these settings change (tests do):
        # drop the empty catalogues from the new ones too.
        setting_changed.connect(translations_reset, dispatch_uid="lac-drop-empty-fallbacks")
