from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OutcomesConfig(AppConfig):
    name = "lac.outcomes"
    label = "outcomes"
    verbose_name = gettext_lazy("Outcomes: progress, what changed, services avoided")

    def ready(self) -> None:
        # A one-time link can open a measure for the person to answer themselves.
        from lac.outcomes.price_years import (
            price_years_register,
            report_years_outside,
            unit_costs_outside,
        )
        from lac.outcomes.self_report import MEASURE_PURPOSE
        from lac.selfservice.registry import register

        register(MEASURE_PURPOSE)
        # A deflator release must cover the price years of unit costs and of reports.
        price_years_register(unit_costs_outside)
        price_years_register(report_years_outside)
