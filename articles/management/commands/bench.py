from django.core.management.base import BaseCommand, CommandError

from articles.models import Quote
from bench.runner import mixed_read_paths, run_bench, write_reports


class Command(BaseCommand):
    help = (
        "Time every read path (API, search, pages, admin, CSV) and the write paths (import, index "
        "rebuild, rolled back) against the archive in this database, and write Markdown and JSON "
        "reports. Generate the archive first with generate_corpus. See bench/runner.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--label", required=True, help="Report name, e.g. sqlite-1m (bench/results/LABEL.md).")
        parser.add_argument("--out", default="bench/results", help="Where to write the reports.")
        parser.add_argument("--iterations", type=int, default=20, help="Requests per scenario, at least (default 20).")
        parser.add_argument("--queries", type=int, default=40, help="Search queries to rotate over (default 40).")
        parser.add_argument(
            "--groups", help="Only these groups, comma-separated: api, search, page, admin, write (default all)."
        )
        parser.add_argument(
            "--paths", metavar="FILE", help="Instead: write a mix of public read addresses to FILE (the load test's)."
        )

    def handle(self, *args, **options):
        if not Quote.objects.exists():
            raise CommandError("No quotes to measure: fill this database with generate_corpus first.")
        if options["paths"]:
            paths = mixed_read_paths()
            with open(options["paths"], "w", encoding="utf-8") as handle:
                handle.write("".join(f"{path}\n" for path in paths))
            self.stdout.write(f"Wrote {len(paths)} addresses to {options['paths']}.")
            return
        groups = [group.strip() for group in options["groups"].split(",")] if options["groups"] else None
        report = run_bench(
            iterations=options["iterations"], queries=options["queries"], groups=groups, out=self.stdout.write
        )
        json_path, md_path = write_reports(report, options["out"], options["label"])
        self.stdout.write(self.style.SUCCESS(f"Wrote {md_path} and {json_path}."))
