from django.urls import path

from lac.reports import banding_views, disclosure_views, views

app_name = "reports"
urlpatterns = [
    path("sroi/<int:pk>/", views.sroi, name="sroi"),
    path("sroi/<int:pk>/as-calculated.yaml", views.sroi_document, name="sroi_document"),
    path("dashboard/", views.programme_dashboard, name="dashboard"),
    path("dashboard/workbook.xlsx", views.dashboard_workbook, name="dashboard_workbook"),
    path("dashboard/<str:key>.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("shared/", disclosure_views.disclosure_report, name="disclosures"),
    path("network/", views.network_comparison, name="network"),
    path("extract/", views.pseudonymised_extract, name="extract"),
    path("extract/equality/", banding_views.extract_equality, name="extract_equality"),
    path("sroi/<int:pk>/prepare-pdf/", views.sroi_pdf_job, name="sroi_pdf_job"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/stop", views.job_stop, name="job_stop"),
    path("jobs/<int:pk>/download", views.job_download, name="job_download"),
]
