from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "lac.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation: impact maps, evaluative quantities and frozen runs"
