from django.core.management.base import BaseCommand, CommandError

from articles.corpus import CorpusRefused, corpus_generate
from newsroom.progress import TerminalProgress


class Command(BaseCommand):
    help = (
        "Fill an empty database with a synthetic archive for benchmarks: actors, processes, rounds, "
        "articles of about 600 words and N quotes, in every state (drafts, embargoes, anonymous, "
        "relayed), deterministic for a seed, every record marked synthetic (slugs start with syn-)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quotes", type=int, default=10_000, help="How many quotes (default 10,000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same archive (default 1).")
        parser.add_argument("--batch", type=int, default=500, help="Articles written per transaction (default 500).")

    def handle(self, *args, **options):
        if options["quotes"] < 1:
            raise CommandError("--quotes must be at least 1.")
        progress = TerminalProgress(self, options["verbosity"])
        try:
            report = corpus_generate(
                quotes=options["quotes"], seed=options["seed"], batch=options["batch"], progress=progress
            )
        except CorpusRefused as refusal:
            raise CommandError(str(refusal)) from None
        progress.done()
        self.stdout.write(self.style.SUCCESS(f"Generated {report}."))
