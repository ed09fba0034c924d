from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "lac.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes: progress, what changed, services avoided"
