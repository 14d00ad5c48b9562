"""Importing a records document: checked whole, written in one transaction, idempotent by
natural keys; nothing is written when any problem is found."""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Field, Model
from django.utils.dateparse import parse_datetime

from actors.models import Actor, ActorIdentifier, Affiliation, Alias
from actors.services import actor_save
from actors.spelling import duplicate_warning, likely_duplicates
from newsroom.dates import parse_partial_date
from newsroom.protection import hidden_fields
from newsroom.services import Refused, record_save
from newsroom.text import normalize_name, normalize_newlines, verbatim_spans

from ..models import (
    Article,
    NegotiationProcess,
    NegotiationRound,
    ProcessIdentifier,
    ProcessSource,
    PublicationPrecision,
    Quote,
    RoundIdentifier,
    RoundParticipant,
    RoundSource,
)
from ..services import (
    NewArticles,
    article_save,
    article_set_rounds,
    article_sync_quotes,
    quote_save,
    quote_set_co_speakers,
    quote_set_relay_chain,
)
from .schema import ImportFailed, Problem, Record, check_structure, label

if TYPE_CHECKING:
    from newsroom.services import User

M = TypeVar("M", bound=Model)
# Called with a line of text after each batch of articles.
Progress = Callable[[str], None]

# Articles read and created together (see _Importer.import_articles).
ARTICLE_BATCH = 500


@dataclass
class ImportReport:
    counts: dict = field(default_factory=dict)
    # What was imported but may not be what the file meant (a quote's words found twice).
    warnings: list[Problem] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def __str__(self) -> str:
        return "\n".join(
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        )


def records_import(*, data: Any, user: User | None = None, progress: Progress | None = None) -> ImportReport:
    """
    Import a parsed records document. Raises ImportFailed and writes nothing on any
    problem. With `user`, the import is done with that person's rights: someone who
    cannot publish cannot import a published, withdrawn or embargoed article either.
    `progress`, if given, is called with a line of text after each batch of articles.
    """
    problems = check_structure(data)
    if problems:
        raise ImportFailed(problems)
    importer = _Importer(data, user=user, progress=progress)
    with transaction.atomic():
        importer.run()
        if importer.problems:
            transaction.set_rollback(True)
    if importer.problems:
        raise ImportFailed(importer.problems)
    return importer.report


def records_import_text(
    *, text: str | bytes, user: User | None = None, progress: Progress | None = None
) -> ImportReport:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [Problem("file", "", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")]
        ) from None
    return records_import(data=data, user=user, progress=progress)


class _Importer:
    """Second phase: build, validate and save every record inside one transaction."""

    def __init__(self, data: Record, *, user: User | None = None, progress: Progress | None = None) -> None:
        self.data = data
        self.user = user
        self.progress = progress or (lambda message: None)
        self.problems: list[Problem] = []
        self.report = ImportReport()
        self.actors: dict[str, Actor] = {}
        self.processes: dict[str, NegotiationProcess] = {}
        self.rounds: dict[str, NegotiationRound] = {}

    def run(self) -> None:
        for index, record in enumerate(self.data.get("actors", [])):
            self.import_actor(label("actors", index, record), record)
        for index, record in enumerate(self.data.get("actors", [])):
            self.import_actor_children(label("actors", index, record), record)
        for index, record in enumerate(self.data.get("processes", [])):
            self.import_process(label("processes", index, record), record)
        for index, record in enumerate(self.data.get("rounds", [])):
            self.import_round(label("rounds", index, record), record)
        numbered = list(enumerate(self.data.get("articles", [])))
        began, quotes = time.monotonic(), 0
        for start in range(0, len(numbered), ARTICLE_BATCH):
            batch = numbered[start : start + ARTICLE_BATCH]
            self.import_articles(batch)
            quotes += sum(len(record.get("quotes", [])) for _, record in batch)
            rate = quotes / max(time.monotonic() - began, 1e-6)
            done = f"articles {start + len(batch):,} of {len(numbered):,}, {quotes:,} quotes ({rate:,.0f} quotes/s)"
            self.progress(done + (f", {len(self.problems):,} problems so far" if self.problems else ""))

    # -- helpers -------------------------------------------------------------

    def fail(self, where: str, error: Exception) -> None:
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for fieldname, messages in error.message_dict.items():
                for message in messages:
                    self.problems.append(Problem(where, "" if fieldname == "__all__" else fieldname, message))
        elif isinstance(error, ValidationError):
            for message in error.messages:
                self.problems.append(Problem(where, "", message))
        else:
            self.problems.append(Problem(where, "", str(error)))

    def lookup(self, cache: dict[str, M], model: type[M], slug: str | None, where: str, fieldname: str) -> M | None:
        if slug is None:
            return None
        if slug not in cache:
            obj = model._default_manager.filter(slug=slug).first()
            if obj is None:
                self.problems.append(
                    Problem(where, fieldname, f"refers to {slug!r}, which could not be imported (see above)")
                )
                return None
            cache[slug] = obj
        return cache[slug]

    def actor(self, slug: str | None, where: str, fieldname: str) -> Actor | None:
        return self.lookup(self.actors, Actor, slug, where, fieldname)

    def partial_date(self, record: Record, key: str, where: str) -> tuple[datetime.date | None, str]:
        value = record.get(key)
        if value is None:
            return None, ""
        try:
            return parse_partial_date(value)
        except ValueError as error:
            self.problems.append(Problem(where, key, str(error)))
            return None, ""

    def moment(self, record: Record, key: str, where: str) -> datetime.datetime | None:
        value = record.get(key)
        if value is None:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError as error:  # well-formed but impossible, e.g. 30 February
            self.problems.append(Problem(where, key, f"{value!r} is not a real date and time: {error}"))
            return None
        if parsed is None:
            self.problems.append(Problem(where, key, f"{value!r} is not a date and time such as 2018-01-25T12:00:00Z"))
        elif parsed.tzinfo is None:
            self.problems.append(Problem(where, key, f"{value!r} has no time zone: add Z for UTC or an offset"))
            return None
        return parsed

    def publication(self, record: Record, where: str) -> tuple[datetime.datetime | None, str]:
        """
        published_at and its precision: a day alone ("2022-10-07") is the day of
        publication with no time (stored at 00:00 UTC); a date and time is exact.
        """
        value = record.get("published_at")
        if isinstance(value, str) and len(value) == 10:
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                self.problems.append(Problem(where, "published_at", f"{value!r} is not a real day such as 2022-10-07"))
                return None, PublicationPrecision.TIME
            return datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.UTC), PublicationPrecision.DAY
        return self.moment(record, "published_at", where), PublicationPrecision.TIME

    def quote_write(self, quote: Quote) -> None:
        quote_save(quote=quote, user=self.user)

    def save(
        self,
        kind: str,
        obj: Model,
        values: Record,
        where: str,
        *,
        write: Callable[..., Any] | None = None,
        count: bool = True,
    ) -> bool:
        """
        Assign `values`; if that changes anything, write the record through its
        service (`write`, by default record_save) with the importing user's rights.
        Each refusal or validation error becomes a problem on the record and field.
        Returns whether the record is now as the file says.
        """
        created = obj._state.adding
        changed = []
        for name, value in values.items():
            model_field = cast(Field, obj._meta.get_field(name))  # values name concrete fields
            if model_field.is_relation:
                # Compare ids: reading an unset relation would raise or query.
                current, wanted = getattr(obj, model_field.attname), value.pk if value else None
            else:
                current, wanted = getattr(obj, name), value
            if created or current != wanted:
                setattr(obj, name, value)
                changed.append(name)
        if not created and not changed:
            if count:
                self.report.count(kind, "unchanged")
            return True
        try:
            if write is None:
                record_save(obj=obj, user=self.user)
            else:
                write(obj)
        except Refused as error:
            for fieldname, message in error.problems:
                self.problems.append(Problem(where, fieldname or ("" if created else ", ".join(changed)), message))
            return False
        except PermissionDenied as error:
            self.problems.append(Problem(where, "" if created else ", ".join(changed), str(error)))
            return False
        except ValidationError as error:
            self.fail(where, error)
            return False
        if count:
            self.report.count(kind, "created" if created else "updated")
        return True

    def identifiers(
        self, model: type[Model], owner_field: str, owner: Model, records: list[Record], where: str
    ) -> None:
        for i, record in enumerate(records):
            existing = model._default_manager.filter(
                **{owner_field: owner, "scheme": record["scheme"], "value": record["value"].strip()}
            ).first()
            obj = existing or model(**{owner_field: owner})
            self.save(
                "identifiers",
                obj,
                {"scheme": record["scheme"], "value": record["value"].strip()},
                f"{where} › identifiers[{i}]",
            )

    # -- records ------------------------------------------------------------

    def import_actor(self, where: str, record: Record) -> None:
        actor = Actor.objects.filter(slug=record["slug"]).first() or Actor(slug=record["slug"])
        values = {
            "name": record["name"],
            "kind": record["kind"],
            "country": record.get("country", ""),
            "description": record.get("description", ""),
        }
        new = actor.pk is None
        # Read before the save, so the new actor's own keys are not among the existing names.
        alike = likely_duplicates(record["name"]) if new and isinstance(record.get("name"), str) else []
        if self.save("actors", actor, values, where, write=lambda obj: actor_save(actor=obj, user=self.user)):
            self.actors[actor.slug] = actor
            if alike:
                self.report.warnings.append(Problem(where, "name", duplicate_warning(actor, alike)))

    def import_actor_children(self, where: str, record: Record) -> None:
        actor = self.actors.get(record["slug"])
        if actor is None:
            return
        existing = {alias.normalized: alias for alias in actor.aliases.all()}
        for i, name in enumerate(record.get("aliases", [])):
            alias = existing.get(normalize_name(name)) or Alias(actor=actor)
            if self.save("aliases", alias, {"name": name.strip()}, f"{where} › aliases[{i}]"):
                existing[alias.normalized] = alias
        self.identifiers(ActorIdentifier, "actor", actor, record.get("identifiers", []), where)
        for i, item in enumerate(record.get("affiliations", [])):
            item_where = f"{where} › affiliations[{i}]"
            organization = self.actor(item["organization"], item_where, "organization")
            start, start_precision = self.partial_date(item, "start", item_where)
            end, end_precision = self.partial_date(item, "end", item_where)
            ended = item.get("ended", end is not None)
            if end is not None and not ended:
                self.problems.append(Problem(item_where, "ended", "a role with an end date has ended: leave out ended"))
                continue
            if organization is None:
                continue
            affiliation = Affiliation.objects.filter(person=actor, organization=organization, role=item["role"]).first()
            values = {
                "start_date": start,
                "start_precision": start_precision,
                "end_date": end,
                "end_precision": end_precision,
                "ended": ended,
            }
            self.save(
                "affiliations",
                affiliation or Affiliation(person=actor, organization=organization, role=item["role"]),
                values,
                item_where,
            )

    def import_process(self, where: str, record: Record) -> None:
        process = NegotiationProcess.objects.filter(slug=record["slug"]).first() or NegotiationProcess(
            slug=record["slug"]
        )
        values = {
            "name": record["name"],
            "description": record.get("description", ""),
            "convener": self.actor(record.get("convener"), where, "convener"),
            "editorial_note": record.get("editorial_note", ""),
        }
        if not self.notes(NegotiationProcess, record, values, where):
            return
        if self.save("processes", process, values, where):
            self.processes[process.slug] = process
            self.sources(ProcessSource, "process", process, record.get("sources", []), where)
            self.identifiers(ProcessIdentifier, "process", process, record.get("identifiers", []), where)

    def notes(self, model: type[Model], record: Record, values: Record, where: str) -> bool:
        """
        The internal note of a round or process, when the file has one: refused, whatever
        its value, to a user who may not see it (absent, the stored note is kept).
        """
        if "internal_note" not in record:
            return True
        if "internal_note" in hidden_fields(model, self.user):
            self.problems.append(Problem(where, "internal_note", "your role may not write internal notes"))
            return False
        values["internal_note"] = record["internal_note"]
        return True

    def sources(self, model: type[Model], owner_field: str, owner: Model, records: list[Record], where: str) -> None:
        """A round's or process's sources, matched by URL: added or updated, never removed."""
        for i, record in enumerate(records):
            url = record["url"].strip()
            obj = model._default_manager.filter(**{owner_field: owner, "url": url}).first() or model(
                **{owner_field: owner}
            )
            values = {"kind": record.get("kind", "official_statement"), "title": record["title"].strip(), "url": url}
            self.save("sources", obj, values, f"{where} › sources[{i}]")

    def import_round(self, where: str, record: Record) -> None:
        round_ = NegotiationRound.objects.filter(slug=record["slug"]).first() or NegotiationRound(slug=record["slug"])
        process = self.lookup(self.processes, NegotiationProcess, record["process"], where, "process")
        start, start_precision = self.partial_date(record, "start", where)
        end, end_precision = self.partial_date(record, "end", where)
        if process is None:
            return
        values = {
            "process": process,
            "name": record["name"],
            "number": record.get("number"),
            "city": record.get("city", ""),
            "country": record.get("country", ""),
            "venue": record.get("venue", ""),
            "start_date": start,
            "start_precision": start_precision,
            "end_date": end,
            "end_precision": end_precision,
            "dates_printed": record.get("dates_printed", "").strip(),
            "status": record.get("status", "planned"),
            "agenda": record.get("agenda", ""),
            "outcome": record.get("outcome", ""),
            "editorial_note": record.get("editorial_note", ""),
        }
        if not self.notes(NegotiationRound, record, values, where):
            return
        if not self.save("rounds", round_, values, where):
            return
        self.sources(RoundSource, "round", round_, record.get("sources", []), where)
        self.rounds[round_.slug] = round_
        for i, item in enumerate(record.get("participants", [])):
            item_where = f"{where} › participants[{i}]"
            actor = self.actor(item["actor"], item_where, "actor")
            head = self.actor(item.get("delegation_head"), item_where, "delegation_head")
            represents = self.actor(item.get("represents"), item_where, "represents")
            if actor is None:
                continue
            participant = RoundParticipant.objects.filter(
                round=round_, actor=actor, role=item["role"]
            ).first() or RoundParticipant(round=round_, actor=actor, role=item["role"])
            values = {
                "lead": item.get("lead", False),
                "qualifier": item.get("qualifier", "").strip(),
                "represents": represents,
                "delegation_head": head,
            }
            self.save("participants", participant, values, item_where)
        self.identifiers(RoundIdentifier, "round", round_, record.get("identifiers", []), where)

    def import_articles(self, numbered: list[tuple[int, Record]]) -> None:
        """
        A batch of article records, with a few queries for the whole batch: the stored
        articles and URLs they name, and the actors and rounds they refer to. New articles
        are checked one by one and created together (NewArticles); stored ones are
        updated one by one, as the admin would.
        """
        records = [(label("articles", index, record), record) for index, record in numbered]
        stored = {article.slug: article for article in Article.objects.filter(slug__in=[r["slug"] for _, r in records])}
        urls = [record["url"] for _, record in records if record.get("url")]
        holders = dict(Article.objects.filter(url__in=urls).values_list("url", "slug")) if urls else {}
        quotes = [quote for _, record in records for quote in record.get("quotes", [])]
        actors = [record.get("outlet") for _, record in records]
        actors += [quote.get(name) for quote in quotes for name in ("speaker", "speaker_affiliation", "via")]
        actors += [step.get("actor") for quote in quotes for step in quote.get("relay_chain", [])]
        actors += [slug for quote in quotes for slug in quote.get("co_speakers", [])]
        self.preload(self.actors, Actor, actors)
        rounds = [slug for _, record in records for slug in record.get("rounds", [])]
        self.preload(self.rounds, NegotiationRound, rounds + [quote.get("round") for quote in quotes])
        batch = NewArticles(user=self.user)
        for where, record in records:
            url, article = record.get("url", ""), stored.get(record["slug"])
            if url and holders.get(url, record["slug"]) != record["slug"]:
                # An article is identified by its slug; a URL is one of its facts and
                # belongs to one article only. Never rename another article to fit.
                self.problems.append(
                    Problem(
                        where, "url", f"is already the address of article {holders[url]!r}; give each article its own"
                    )
                )
                continue
            before = article.url if article else ""
            if not (
                self.create_article(where, record, batch)
                if article is None
                else self.update_article(where, record, article)
            ):
                continue
            if before and before != url and holders.get(before) == record["slug"]:
                del holders[before]  # free for a later record, as the stored row now says
            if url:
                holders[url] = record["slug"]
        if not self.problems:  # with any problem nothing is kept: writing would be wasted
            batch.write()

    def preload(self, cache: dict[str, M], model: type[M], slugs: Iterable[str | None]) -> None:
        """Read the records named by `slugs` that `cache` lacks, a thousand per query."""
        missing = sorted(slug for slug in slugs if slug and slug not in cache)
        obj: Any  # each model read here has a slug
        for start in range(0, len(missing), 1000):
            for obj in model._default_manager.filter(slug__in=missing[start : start + 1000]):
                cache[obj.slug] = obj

    def article_values(self, where: str, record: Record) -> Record | None:
        """The article's fields as the file gives them, or None when one cannot be read."""
        known_problems = len(self.problems)
        published_at, published_precision = self.publication(record, where)
        values = {
            "slug": record["slug"],
            "headline": record["headline"],
            # As Article.clean() stores them, so a file written with CRLF imports again unchanged.
            "standfirst": normalize_newlines(record.get("standfirst", "")),
            "body": normalize_newlines(record["body"]),
            "byline": record.get("byline", ""),
            "outlet": self.actor(record.get("outlet"), where, "outlet"),
            "url": record.get("url", ""),
            "language": record.get("language", "en"),
            "dateline": record.get("dateline", ""),
            "status": record.get("status", "draft"),
            "published_at": published_at,
            "published_precision": published_precision,
            "embargo_until": self.moment(record, "embargo_until", where),
        }
        if len(self.problems) > known_problems:
            return None  # a value could not be read: validating the rest would only add echoes of it
        return values

    def article_rounds(self, where: str, record: Record) -> list[NegotiationRound] | None:
        """The article's rounds, or None when one is unknown (each unknown one is a problem)."""
        found = [self.lookup(self.rounds, NegotiationRound, slug, where, "rounds") for slug in record.get("rounds", [])]
        known = [round_ for round_ in found if round_ is not None]
        return known if len(known) == len(found) else None

    def create_article(self, where: str, record: Record, batch: NewArticles) -> bool:
        values = self.article_values(where, record)
        if values is None:
            return False
        article = Article(**values)
        rounds = self.article_rounds(where, record)
        problems = batch.article_problems(article, rounds or [])
        self.problems.extend(Problem(where, fieldname, message) for fieldname, message in problems)
        if problems or rounds is None:
            return False
        quotes, known_problems, made = [], len(self.problems), {}
        records = record.get("quotes", [])
        for item_where, _, quote_values, index in self.quote_items(where, records, values["body"]):
            quote = Quote(article=article, **quote_values)
            problems = batch.quote_problems(quote)
            self.problems.extend(Problem(item_where, fieldname, message) for fieldname, message in problems)
            quotes.append(quote)
            made[index] = quote
        for index, quote in made.items():
            paraphrase = made.get(records[index].get("within", -1))
            if paraphrase is not None:
                batch.link_within(quote, paraphrase)
            steps = self.relay_chain(f"{where} › quotes[{index}]", records[index])
            if steps:
                batch.link_relays(quote, steps)
            others = self.co_speakers(f"{where} › quotes[{index}]", records[index])
            if others:
                batch.link_co_speakers(quote, others)
        if len(self.problems) > known_problems:
            return False
        batch.add(article, rounds, quotes)
        self.report.count("articles", "created")
        for _ in quotes:
            self.report.count("quotes", "created")
        return True

    def update_article(self, where: str, record: Record, article: Article) -> bool:
        values = self.article_values(where, record)
        if values is None:
            return False
        write = lambda obj: article_save(article=obj, user=self.user, sync_quotes=False)  # noqa: E731
        if not self.save("articles", article, values, where, write=write):
            return False
        rounds = self.article_rounds(where, record)
        if rounds is not None and {r.pk for r in rounds} != set(article.rounds.values_list("pk", flat=True)):
            try:
                article_set_rounds(article=article, rounds=rounds, user=self.user)
            except PermissionDenied as error:
                self.problems.append(Problem(where, "rounds", str(error)))
                return False
        self.import_quotes(where, article, record.get("quotes", []))
        return True

    def position(self, where: str, item: Record, text: str, body: str) -> int | None:
        """
        The offset the quote record asks for, checked against where its words occur in
        `body`; None without one. Words found more than once without an offset are
        imported, with a warning naming the offsets they could be at.
        """
        starts = [start for start, _ in verbatim_spans(body, text)]
        offset = item.get("offset")
        listed = ", ".join(f"{start:,}" for start in starts[:20]) + (", …" if len(starts) > 20 else "")
        if offset is None:
            if len(starts) > 1:
                self.report.warnings.append(
                    Problem(
                        where,
                        "offset",
                        f"the words occur {len(starts)} times in the body (at offsets {listed}) and the record "
                        "does not say which: a new quote is placed at the first, a stored one keeps its place. "
                        "Add an offset to choose.",
                    )
                )
            return None
        if offset in starts:
            return offset
        if not starts:
            if item.get("kind", "direct") == "paraphrase":
                self.problems.append(Problem(where, "offset", "these words are not in the body, so have no offset"))
            return None  # for a direct or partial quote, the verbatim check says it
        self.problems.append(
            Problem(where, "offset", f"the words do not start at {offset:,}; they start at {listed} in the body")
        )
        return None

    def quote_items(
        self, where: str, records: list[Record], body: str
    ) -> Iterator[tuple[str, tuple[str, str, int | None], Record, int]]:
        """
        (where, key, values, index) for each quote record of an article whose body is
        `body`; a repeated or refused one becomes a problem instead.
        """
        seen = set()
        for i, item in enumerate(records):
            item_where = f"{where} › quotes[{i}]"
            speaker = self.actor(item.get("speaker"), item_where, "speaker")
            key = (item["text"].strip(), item.get("speaker_label", "").strip(), speaker.pk if speaker else None)
            if key in seen:
                self.problems.append(Problem(item_where, "text", "the same words by the same speaker appear twice"))
                continue
            seen.add(key)
            said_on, said_on_precision = self.partial_date(item, "said_on", item_where)
            values = {
                "text": key[0],
                "kind": item.get("kind", "direct"),
                "speaker": speaker,
                "speaker_label": key[1],
                "anonymous": item.get("anonymous", False),
                "speaker_affiliation": self.actor(item.get("speaker_affiliation"), item_where, "speaker_affiliation"),
                "via": self.actor(item.get("via"), item_where, "via"),
                "channel": item.get("channel", ""),
                "channel_other": item.get("channel_other", ""),
                "attribution_basis": item.get("attribution_basis", "stated"),
                "said_on": said_on,
                "said_on_precision": said_on_precision,
                "said_on_printed": item.get("said_on_printed", "").strip(),
                "location": item.get("location", ""),
                "round": self.lookup(self.rounds, NegotiationRound, item.get("round"), item_where, "round"),
            }
            refused = [name for name in hidden_fields(Quote, self.user) if name in item]
            if refused:
                # Refused whatever its value, so the answer never tells whether it matched.
                for name in refused:
                    self.problems.append(Problem(item_where, name, "your role may not write confidential notes"))
                continue
            if "confidential_note" in item:
                # Absent means "leave as it is", so a default export never wipes notes.
                values["confidential_note"] = item["confidential_note"]
            known_problems = len(self.problems)
            offset = self.position(item_where, item, key[0], body)
            self.check_within(item_where, item, i, records)
            self.relay_chain(item_where, item)  # checked here, written once the quote is
            self.co_speakers(item_where, item)
            if len(self.problems) > known_problems:
                continue
            if offset is not None:
                # The verbatim check keeps the occurrence nearest the stored start: this one.
                values["span_start"] = offset
            yield item_where, key, values, i

    def co_speakers(self, where: str, item: Record) -> list[Actor] | None:
        """The other speakers of a joint statement, in order; None when one cannot be read."""
        found, known_problems = [], len(self.problems)
        for i, slug in enumerate(item.get("co_speakers", [])):
            actor = self.actor(slug, where, f"co_speakers[{i}]")
            if actor is not None and (actor.slug == item.get("speaker") or actor in found):
                self.problems.append(
                    Problem(where, f"co_speakers[{i}]", f"{slug!r} is already a speaker of this quote")
                )
            elif actor is not None:
                found.append(actor)
        if item.get("co_speakers") and item.get("speaker") is None:
            self.problems.append(Problem(where, "co_speakers", "a joint statement needs its first speaker in speaker"))
        return None if len(self.problems) > known_problems else found

    def relay_chain(self, where: str, item: Record) -> list[tuple[Actor | None, str]] | None:
        """The quote record's relay chain as (actor, label) in order; None when a step cannot be read."""
        steps, known_problems = [], len(self.problems)
        for i, step in enumerate(item.get("relay_chain", [])):
            step_where = f"{where} › relay_chain[{i}]"
            actor = self.actor(step.get("actor"), step_where, "actor")
            label = step.get("label", "").strip()
            if actor is None and not label and step.get("actor") is None:
                self.problems.append(Problem(step_where, "", "name the intermediary: an actor slug or a label"))
            steps.append((actor, label))
        return None if len(self.problems) > known_problems else steps

    def check_within(self, where: str, item: Record, index: int, records: list[Record]) -> None:
        """`within`, the index of the paraphrase (in the same article's quotes) a partial quote is part of."""
        target = item.get("within")
        if target is None:
            return
        if item.get("kind", "direct") != "partial":
            self.problems.append(Problem(where, "within", "only a partial quote is part of a paraphrase"))
        elif not 0 <= target < len(records) or target == index:
            self.problems.append(
                Problem(where, "within", f"{target} is not the index of another quote of this article")
            )
        elif records[target].get("kind", "direct") != "paraphrase":
            self.problems.append(Problem(where, "within", f"quotes[{target}] is not a paraphrase"))

    def import_quotes(self, where: str, article: Article, records: list[Record]) -> None:
        existing = list(article.quotes.all())
        saved: dict[int, Quote] = {}
        counted_unchanged: set[int] = set()
        for item_where, key, values, index in self.quote_items(where, records, article.body):
            quote = next((q for q in existing if (q.text, q.speaker_label, q.speaker_id) == key), None)
            quote = quote or Quote(article=article)
            quote.article = article
            unchanged = self.report.counts.get("quotes", {}).get("unchanged", 0)
            if self.save("quotes", quote, values, item_where, write=self.quote_write):
                saved[index] = quote
                if self.report.counts["quotes"]["unchanged"] > unchanged:
                    counted_unchanged.add(index)
        # `within` once every quote of the article has an id: a second write of a quote
        # already counted (one counted unchanged is now updated).
        for index, quote in saved.items():
            item_where = f"{where} › quotes[{index}]"
            steps = self.relay_chain(item_where, records[index])
            others = self.co_speakers(item_where, records[index])
            try:
                changed = steps is not None and quote_set_relay_chain(quote=quote, steps=steps, user=self.user)
                changed |= others is not None and quote_set_co_speakers(quote=quote, actors=others, user=self.user)
            except (PermissionDenied, ValidationError) as error:
                self.fail(item_where, error)
                continue
            if changed and index in counted_unchanged:
                counted_unchanged.discard(index)
                self.report.counts["quotes"]["unchanged"] -= 1
                self.report.counts["quotes"]["updated"] += 1
            target = saved.get(records[index].get("within", -1))
            if (target.pk if target else None) == quote.within_id:
                continue
            item_where = f"{where} › quotes[{index}]"
            if self.save("quotes", quote, {"within": target}, item_where, write=self.quote_write, count=False):
                if index in counted_unchanged:
                    self.report.counts["quotes"]["unchanged"] -= 1
                    self.report.counts["quotes"]["updated"] += 1
        try:
            article_sync_quotes(article=article)
        except ValidationError as error:
            self.fail(where, error)
