from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsroom.search"
    label = "search"
    verbose_name = "Search index"

    def ready(self):
        from . import signals  # noqa: F401  (connects the index-sync receivers)
