from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "lac.community"
    label = "community"
    verbose_name = "Community assets, connections and contributions"

    def ready(self) -> None:
        from lac.community.openreferral import freshness  # noqa: F401  (connects its signals)
