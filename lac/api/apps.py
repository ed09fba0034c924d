from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ApiConfig(AppConfig):
    name = "lac.api"
    label = "api"
    verbose_name = gettext_lazy("REST API")
