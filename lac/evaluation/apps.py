from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EvaluationConfig(AppConfig):
    name = "lac.evaluation"
    label = "evaluation"
    verbose_name = gettext_lazy("Evaluation: impact maps, evaluative quantities and frozen runs")
