import json

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.quotefinder import quote_suggest


def describe(suggestion):
    speaker = (
        suggestion.speaker.slug
        if suggestion.speaker
        else f"new person “{suggestion.new_speaker_name}”"
        if suggestion.new_speaker_name
        else "anonymous"
        if suggestion.anonymous
        else "unknown"
    )
    parts = [
        f"{suggestion.kind:<10} “{suggestion.text}”",
        f"    speaker: {speaker}" + (f" (printed: {suggestion.speaker_label})" if suggestion.speaker_label else ""),
    ]
    if suggestion.speaker_affiliation:
        parts.append(f"    affiliation: {suggestion.speaker_affiliation.slug}")
    if suggestion.via or suggestion.via_label:
        parts.append(f"    relayed by: {suggestion.via.slug if suggestion.via else suggestion.via_label}")
    if suggestion.round:
        parts.append(f"    round: {suggestion.round.slug}")
    if suggestion.role_note:
        parts.append(f"    role at the time: {suggestion.role_note}")
    flags = [f"confidence {suggestion.confidence:.2f}"]
    if suggestion.recorded:
        flags.append("already recorded")
    if suggestion.in_headline:
        flags.append("in the headline")
    parts.append("    " + ", ".join(flags))
    return "\n".join(parts)


def as_json(suggestion):
    return {
        "start": suggestion.start,
        "end": suggestion.end,
        "text": suggestion.text,
        "kind": suggestion.kind,
        "speaker": suggestion.speaker.slug if suggestion.speaker else None,
        "new_speaker_name": suggestion.new_speaker_name or None,
        "speaker_label": suggestion.speaker_label,
        "anonymous": suggestion.anonymous,
        "speaker_affiliation": suggestion.speaker_affiliation.slug if suggestion.speaker_affiliation else None,
        "via": suggestion.via.slug if suggestion.via else None,
        "via_label": suggestion.via_label or None,
        "channel": suggestion.channel or None,
        "round": suggestion.round.slug if suggestion.round else None,
        "confidence": suggestion.confidence,
        "in_headline": suggestion.in_headline,
        "recorded": suggestion.recorded,
        "role_at_the_time": suggestion.role_note or None,
    }


class Command(BaseCommand):
    help = "Propose the quotes of an article (by slug) for an editor to confirm in the admin. Writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("article", help="The article's slug.")
        parser.add_argument("--json", action="store_true", help="Print the suggestions as JSON.")

    def handle(self, *args, **options):
        article = Article.objects.filter(slug=options["article"]).first()
        if article is None:
            raise CommandError(f"No article with the slug {options['article']!r}.")
        suggestions = quote_suggest(article=article)
        if options["json"]:
            self.stdout.write(json.dumps([as_json(s) for s in suggestions], indent=2, ensure_ascii=False))
            return
        for suggestion in suggestions:
            self.stdout.write(describe(suggestion))
        self.stdout.write(
            f"{len(suggestions)} suggestion(s); review them in the admin: Articles › {article} › Suggest quotes."
        )
