from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lac.demo"
    label = "demo"
    verbose_name = "Demonstration data"
