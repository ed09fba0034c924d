from django.urls import path

from lac.evaluation import proxy_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.map_list, name="map_list"),
    path("new/", views.map_new, name="map_new"),
    path("proxy-tables/", proxy_views.proxy_tables, name="proxy_tables"),
    path("new/editor/", views.map_new_editor, name="map_new_editor"),
    path("<int:pk>/", views.map_detail, name="map_detail"),
    path("<int:pk>/edit/", views.map_edit, name="map_edit"),
    path("<int:pk>/upload/", views.map_upload, name="map_upload"),
    path("<int:pk>/run/", views.map_run, name="map_run"),
    path("<int:pk>/forecast/", views.map_forecast, name="map_forecast"),
    path("runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:pk>/withdraw/", views.run_withdraw, name="run_withdraw"),
    path(
        "<int:pk>/versions/<int:number>/export.<str:fmt>",
        views.version_export,
        name="version_export",
    ),
]
