from django.urls import path

from lac.selfservice import views

app_name = "selfservice"

urlpatterns = [
    path("<str:token>/", views.open_link, name="open"),
]
