from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EvaluationConfig(AppConfig):
    name = "lac.evaluation"
    label = "evaluation"
    verbose_name = gettext_lazy("Evaluation: impact maps, evaluative quantities and frozen runs")

    def ready(self) -> None:
        """A deflator release (loaded in outcomes, below evaluation) must also cover the
        price years of proxy tables and of impact maps a new run would restate."""
        from lac.evaluation.selectors import impact_maps_outside, proxy_tables_outside
        from lac.outcomes.price_years import price_years_register

        price_years_register(proxy_tables_outside)
        price_years_register(impact_maps_outside)
