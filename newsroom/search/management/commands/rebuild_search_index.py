from typing import Any

from django.core.management.base import BaseCommand

from newsroom.progress import TerminalProgress
from newsroom.search.documents import rebuild


class Command(BaseCommand):
    help = (
        "Index every article, quote, actor and round again. Saves through the admin, "
        "imports and services keep the index current; run this after bulk changes made "
        "around them (QuerySet.update, raw SQL) or to build the index of an existing database."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        progress = TerminalProgress(self, options["verbosity"])
        counts = rebuild(progress=progress)
        progress.done()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} indexed")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
