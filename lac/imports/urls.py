from django.urls import path

from lac.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/columns/", views.columns, name="columns"),
    path("<int:pk>/values/", views.values, name="values"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/mark-stopped/", views.mark_stopped, name="mark_stopped"),
    path("<int:pk>/problems.xlsx", views.errors_xlsx, name="errors"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/undo/", views.undo, name="undo"),
    path("mappings/<int:pk>.yaml", views.mapping_yaml, name="mapping_yaml"),
]
