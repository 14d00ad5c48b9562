from django.core.management.base import BaseCommand, CommandError

from articles.interchange import records_export_text


class Command(BaseCommand):
    help = (
        "Export every actor, process, round, article and quote in the Newsroom records "
        "format. Confidential source notes are left out unless --include-confidential."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--include-confidential",
            action="store_true",
            help="Include quotes' confidential notes. The file then holds protected source identities.",
        )

    def handle(self, *args, **options):
        text = records_export_text(include_confidential=options["include_confidential"])
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        try:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error.strerror}.") from None
        self.stderr.write(self.style.SUCCESS(f"Wrote {options['output']}."))
