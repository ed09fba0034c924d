from django.urls import path

from lac.people import household_views, privacy_views, share_views, views

app_name = "people"
urlpatterns = [
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/equality/", views.person_equality, name="equality"),
    path("<int:pk>/consent/new/", views.consent_new, name="consent_new"),
    path(
        "<int:pk>/consent/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/shares/new/", share_views.share_new, name="share_new"),
    path("<int:pk>/household/new/", household_views.household_new, name="household_new"),
    path("<int:pk>/household/edit/", household_views.household_edit, name="household_edit"),
    path("<int:pk>/household/add/", household_views.household_add, name="household_add"),
    path(
        "<int:pk>/household/remove/<int:member_pk>/",
        household_views.household_remove,
        name="household_remove",
    ),
    path("<int:pk>/audit/", views.person_audit, name="audit"),
    path("<int:pk>/merge/", views.merge_choose, name="merge"),
    path("<int:pk>/merge/<int:other>/", views.merge_confirm, name="merge_confirm"),
    path("<int:pk>/subject-access/", privacy_views.subject_access, name="subject_access"),
    path("<int:pk>/erase/", privacy_views.erase_confirm, name="erase"),
]
