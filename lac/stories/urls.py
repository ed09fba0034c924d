from django.urls import path

from lac.stories import views

app_name = "stories"
urlpatterns = [
    path("people/<int:person_id>/new/", views.story_new, name="new"),
]
