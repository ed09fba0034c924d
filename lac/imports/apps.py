from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ImportsConfig(AppConfig):
    name = "lac.imports"
    label = "imports"
    verbose_name = gettext_lazy("Spreadsheet imports")
    default_auto_field = "django.db.models.BigAutoField"
