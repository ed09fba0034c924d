from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lac.reports"
    label = "reports"
    verbose_name = "Reports: SROI reports, dashboards, comparisons and extracts"
