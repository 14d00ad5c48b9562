from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and negotiations"

    def ready(self):
        from newsroom.admin import register_desk
        from newsroom.pagecache import register_embargo_source
        from newsroom.protection import protect

        from .admin.article import desk_items
        from .changes import register_resources
        from .models import Article, NegotiationProcess, NegotiationRound, Quote
        from .search import register_searchables
        from .services import CONFIDENTIAL_PERMISSION

        # The real identity or handling of a protected source: see newsroom.protection.
        protect(Quote, "confidential_note", permission=CONFIDENTIAL_PERMISSION)
        # Internal notes on rounds and processes: staff only, with the same permission.
        protect(NegotiationRound, "internal_note", permission=CONFIDENTIAL_PERMISSION)
        protect(NegotiationProcess, "internal_note", permission=CONFIDENTIAL_PERMISSION)
        register_searchables()
        # What the change log announces, and the receivers that write it (newsroom.changes).
        register_resources()
        # Cached pages are renewed when an embargo lifts (newsroom.pagecache).
        register_embargo_source(Article.objects.next_embargo_lift)
        # What waits for editors, on the admin home.
        register_desk(desk_items)
