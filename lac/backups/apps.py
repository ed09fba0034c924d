from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BackupsConfig(AppConfig):
    name = "lac.backups"
    label = "backups"
    verbose_name = gettext_lazy("Backups")
