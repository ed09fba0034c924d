from django.urls import path

from lac.community import connection_views, views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("assets/<int:pk>/", views.asset_detail, name="asset"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("assets/<int:pk>/opening-times/add/", views.opening_time_add, name="opening_time_add"),
    path(
        "assets/<int:pk>/opening-times/<int:opening_pk>/delete/",
        views.opening_time_delete,
        name="opening_time_delete",
    ),
    path("assets/<int:pk>/events/add/", views.event_add, name="event_add"),
    path(
        "people/<int:person_pk>/connections/add/",
        connection_views.connection_add,
        name="connection_add",
    ),
    path(
        "people/<int:person_pk>/contributions/add/",
        connection_views.contribution_add,
        name="contribution_add",
    ),
    path("<slug:slug>/", views.directory, name="directory"),
    path("<slug:slug>/add/", views.asset_create, name="asset_create"),
    path("<slug:slug>/new-group/", views.new_group, name="new_group"),
    path("<slug:slug>/gaps/", views.gaps, name="gaps"),
    path("<slug:slug>/categories/", views.categories, name="categories"),
    path(
        "<slug:slug>/categories/<int:term_pk>/shared/",
        views.category_match,
        name="category_match",
    ),
    path("<slug:slug>/import/", views.import_feed, name="import"),
    path(
        "<slug:slug>/whats-on/<int:neighbourhood_pk>.pdf",
        views.whats_on_pdf,
        name="whats_on_pdf",
    ),
]
