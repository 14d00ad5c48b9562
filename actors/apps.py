from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = "Actors"

    def ready(self):
        from . import spelling
        from .search import register_searchables

        register_searchables()
        spelling.connect()
