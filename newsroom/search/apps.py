from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsroom.search"
    label = "search"
    verbose_name = "Search index"

    def ready(self) -> None:
        from . import registry, signals

        # Index-sync receivers for what the apps registered in their ready().
        registry.on_register(signals.connect)
