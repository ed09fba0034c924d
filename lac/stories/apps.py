from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class StoriesConfig(AppConfig):
    name = "lac.stories"
    label = "stories"
    verbose_name = gettext_lazy("Stories: what changed, in the person's own words")
