"""Pages for a signed-in user to make and revoke their own API tokens."""

from django.urls import path

from lac.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
