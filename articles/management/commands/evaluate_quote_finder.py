import json

from django.core.management.base import BaseCommand, CommandError

from articles.quotefinder.evaluation import evaluate, format_report


class Command(BaseCommand):
    help = (
        "Score the quote finder against a directory of annotated articles (gazetteer.json and "
        "articles/*.json; see evaluation/README.md): span precision, recall and F1 (exact and "
        "overlapping), kind, speaker and relay accuracy, names proposed as quotes."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--output", "-o", help="Write the Markdown report to this file too.")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, **options):
        try:
            report = evaluate(options["directory"])
        except (OSError, json.JSONDecodeError, KeyError) as error:
            raise CommandError(f"Cannot read the annotated set in {options['directory']}: {error}") from None
        text = json.dumps(report, indent=2) if options["json"] else format_report(report)
        self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(format_report(report))
