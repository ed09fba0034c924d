from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "lac.web"
    label = "web"
    verbose_name = "Site shell"
