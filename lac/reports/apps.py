from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ReportsConfig(AppConfig):
    name = "lac.reports"
    label = "reports"
    verbose_name = gettext_lazy("Reports: SROI reports, dashboards, comparisons and extracts")

    def ready(self) -> None:
        """Other apps start reports' kinds of background job through ``lac.jobs.starters``
        (evaluation sends long runs of the value engine here without importing reports)."""
        from lac.jobs.starters import starter_register
        from lac.reports.jobs import job_start
        from lac.reports.models import JobKind

        starter_register(list(JobKind.values), job_start)
