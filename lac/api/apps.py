from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lac.api"
    label = "api"
    verbose_name = "REST API"
