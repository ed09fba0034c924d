from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "lac.stories"
    label = "stories"
    verbose_name = "Stories: what changed, in the person's own words"
