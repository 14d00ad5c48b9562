from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and negotiations"

    def ready(self):
        from newsroom.protection import protect

        from .models import Quote
        from .services import CONFIDENTIAL_PERMISSION

        # The real identity or handling of a protected source: see newsroom.protection.
        protect(Quote, "confidential_note", permission=CONFIDENTIAL_PERMISSION)
