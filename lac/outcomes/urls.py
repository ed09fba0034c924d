from django.urls import path

from lac.outcomes import self_report, views

app_name = "outcomes"

urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("people/<int:person_id>/progress/", views.person_progress, name="person_progress"),
    path("people/<int:person_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path(
        "people/<int:person_id>/measure-link/",
        self_report.measure_link_new,
        name="measure_link_new",
    ),
    path("people/<int:person_id>/changes/new/", views.outcome_event_new, name="event_new"),
    path(
        "people/<int:person_id>/services-avoided/new/",
        views.avoided_service_new,
        name="avoided_new",
    ),
    path("<slug:kind>/<int:pk>/delete/", views.record_delete, name="record_delete"),
]
