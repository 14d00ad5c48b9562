import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.interchange import ImportFailed, records_import_text
from articles.models import Article
from articles.quotefinder import gazetteer_from_database, quote_suggest
from newsroom.progress import TerminalProgress

from .suggest_quotes import describe


class Command(BaseCommand):
    help = (
        "Import actors, processes, rounds, articles and quotes from a Newsroom records "
        "JSON file (see docs/records-format.md). The whole file is checked first and "
        "written in one transaction; on any problem nothing is written and each problem "
        "is listed. Importing the same file again changes nothing. New articles are checked "
        "one by one and written 500 at a time; on a terminal, progress is shown as it goes."
    )

    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the JSON file, or - for standard input.")
        parser.add_argument(
            "--suggest-quotes",
            action="store_true",
            help="After importing, run the quote finder on each imported article and list its suggestions "
            "(quotes not yet recorded) for review in the admin. Nothing is recorded without an editor.",
        )
        parser.add_argument(
            "--as-user",
            metavar="USERNAME",
            help="Import with this person's rights (e.g. a reporter cannot import published articles).",
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                text = (options.get("stdin") or sys.stdin).read()
            else:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        user = None
        if options.get("as_user"):
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['as_user']!r}.")
        progress = TerminalProgress(self, options["verbosity"])
        try:
            report = records_import_text(text=text, user=user, progress=progress)
        except ImportFailed as failure:
            progress.done()
            for problem in failure.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{path}: {failure}") from None
        progress.done()
        self.stdout.write(str(report))
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"  warning: {warning}"))
        if options.get("suggest_quotes"):
            self.list_suggestions(text)
        outcome = "Imported" if report.changed else "Nothing to change: the database already holds"
        self.stdout.write(self.style.SUCCESS(f"{outcome} {path}."))

    def list_suggestions(self, text):
        gazetteer = gazetteer_from_database()
        slugs = [record.get("slug") for record in json.loads(text).get("articles", [])]
        for article in Article.objects.filter(slug__in=slugs).order_by("slug"):
            pending = [s for s in quote_suggest(article=article, gazetteer=gazetteer) if not s.recorded]
            self.stdout.write(f"Suggested quotes for {article.slug}: {len(pending)} not yet recorded")
            for suggestion in pending:
                self.stdout.write(describe(suggestion))
