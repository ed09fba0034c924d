from django.urls import path

from lac.safety import views

app_name = "safety"

urlpatterns = [
    path("people/<int:person_pk>/flags/add/", views.flag_add, name="flag_add"),
    path("flags/<int:pk>/remove/", views.flag_remove, name="flag_remove"),
    path("flags/<int:pk>/review/", views.flag_review, name="flag_review"),
    path("visits/start/", views.visit_start, name="visit_start"),
    path("visits/mine/", views.mine, name="mine"),
    path("visits/<int:pk>/end/", views.visit_end, name="visit_end"),
    path("visits/<int:pk>/extend/", views.visit_extend, name="visit_extend"),
    path("visits/", views.team, name="team"),
    path("people/<int:person_pk>/concerns/add/", views.concern_add, name="concern_add"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path(
        "people/<int:person_pk>/concerns/include/",
        views.concern_release,
        name="concern_release",
    ),
]
