"""
The Newsroom records format: one JSON document holding actors, negotiation processes,
rounds, articles and their quotes, linked by slugs. See docs/records-format.md.

records_import() checks the whole document, writes it in one transaction and is
idempotent by natural keys (slugs; an article also by its URL). On any problem it
writes nothing and raises ImportFailed listing every problem with its record and
field. records_export() writes the same format, in a stable order, so that
export -> import into an empty database -> export is byte-identical.
"""

import datetime
import json
import time
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime

from actors.models import Actor, ActorIdentifier, Affiliation, Alias
from actors.services import actor_save
from newsroom.dates import format_iso_partial, parse_partial_date
from newsroom.protection import hidden_fields
from newsroom.services import Refused, record_save
from newsroom.text import normalize_name

from .models import (
    Article,
    NegotiationProcess,
    NegotiationRound,
    ProcessIdentifier,
    Quote,
    RoundIdentifier,
    RoundParticipant,
)
from .services import NewArticles, article_save, article_set_rounds, article_sync_quotes, quote_save

FORMAT_NAME = "newsroom-records"
FORMAT_VERSION = 1
SECTIONS = ["actors", "processes", "rounds", "articles"]

# Every field a record may have, with its JSON type(s); None means null is allowed.
STR, INT, BOOL, LIST, NULL = (str,), (int,), (bool,), (list,), (type(None),)
SCHEMA = {
    "actors": {
        "slug": STR,
        "name": STR,
        "kind": STR,
        "country": STR,
        "description": STR,
        "aliases": LIST,
        "identifiers": LIST,
        "affiliations": LIST,
    },
    "identifiers": {"scheme": STR, "value": STR},
    "affiliations": {"organization": STR, "role": STR, "start": STR + NULL, "end": STR + NULL},
    "processes": {"slug": STR, "name": STR, "description": STR, "convener": STR + NULL, "identifiers": LIST},
    "rounds": {
        "slug": STR,
        "process": STR,
        "name": STR,
        "number": INT + NULL,
        "city": STR,
        "country": STR,
        "venue": STR,
        "start": STR + NULL,
        "end": STR + NULL,
        "status": STR,
        "agenda": STR,
        "outcome": STR,
        "participants": LIST,
        "identifiers": LIST,
    },
    "participants": {"actor": STR, "role": STR, "delegation_head": STR + NULL},
    "articles": {
        "slug": STR,
        "headline": STR,
        "standfirst": STR,
        "body": STR,
        "byline": STR,
        "outlet": STR + NULL,
        "url": STR,
        "language": STR,
        "dateline": STR,
        "status": STR,
        "published_at": STR + NULL,
        "embargo_until": STR + NULL,
        "rounds": LIST,
        "quotes": LIST,
    },
    "quotes": {
        "text": STR,
        "kind": STR,
        "speaker": STR + NULL,
        "speaker_label": STR,
        "anonymous": BOOL,
        "speaker_affiliation": STR + NULL,
        "via": STR + NULL,
        "channel": STR,
        "said_on": STR + NULL,
        "location": STR,
        "round": STR + NULL,
        "confidential_note": STR,
    },
}
REQUIRED = {
    "actors": ["slug", "name", "kind"],
    "identifiers": ["scheme", "value"],
    "affiliations": ["organization", "role"],
    "processes": ["slug", "name"],
    "rounds": ["slug", "process", "name"],
    "participants": ["actor", "role"],
    "articles": ["slug", "headline", "body"],
    "quotes": ["text"],
}
# Articles read and created together (see _Importer.import_articles).
ARTICLE_BATCH = 500
JSON_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", type(None): "null"}


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self):
        location = f"{self.where} › {self.field}" if self.field else self.where
        return f"{location}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was written.")


@dataclass
class ImportReport:
    counts: dict = field(default_factory=dict)

    def count(self, kind, outcome):
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    @property
    def changed(self):
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def __str__(self):
        return "\n".join(
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        )


def label(section, index, record):
    name = record.get("slug") if isinstance(record, dict) else None
    return f'{section}[{index}] "{name}"' if isinstance(name, str) else f"{section}[{index}]"


# ---------------------------------------------------------------------------
# Import


def records_import(*, data, user=None, progress=None) -> ImportReport:
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


def records_import_text(*, text, user=None, progress=None) -> ImportReport:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [Problem("file", "", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")]
        ) from None
    return records_import(data=data, user=user, progress=progress)


def _check_record(record, kind, where, problems):
    if not isinstance(record, dict):
        problems.append(Problem(where, "", "must be an object"))
        return False
    for key in record:
        if key not in SCHEMA[kind]:
            problems.append(Problem(where, key, f"unknown field (expected one of: {', '.join(SCHEMA[kind])})"))
    for key in REQUIRED[kind]:
        if record.get(key) in (None, ""):
            problems.append(Problem(where, key, "is required"))
    for key, value in record.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            problems.append(Problem(where, key, "contains a NUL character (\\x00), which cannot be stored"))
        allowed = SCHEMA[kind].get(key)
        # bool is an int in Python: reject true/false where a number is expected.
        if allowed and (not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)):
            expected = " or ".join(JSON_TYPE_NAMES[t] for t in allowed)
            problems.append(Problem(where, key, f"must be {expected}, not {json.dumps(value)[:40]}"))
    return True


def check_structure(data):
    """Shape, types, unknown fields, duplicates and references, before any write."""
    problems = []
    if not isinstance(data, dict):
        return [Problem("file", "", "the document must be a JSON object with sections " + ", ".join(SECTIONS))]
    if data.get("format", FORMAT_NAME) != FORMAT_NAME or data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        problems.append(Problem("file", "format", f"expected format {FORMAT_NAME!r} version {FORMAT_VERSION}"))
    for key in data:
        if key not in SECTIONS + ["format", "version"]:
            problems.append(Problem("file", key, f"unknown section (expected {', '.join(SECTIONS)})"))
    for section in SECTIONS:
        if not isinstance(data.get(section, []), list):
            problems.append(Problem(section, "", "must be a list"))
    if problems:
        return problems

    slugs = {section: {} for section in SECTIONS}
    urls = {}
    for section in SECTIONS:
        for index, record in enumerate(data.get(section, [])):
            where = label(section, index, record)
            if not _check_record(record, section, where, problems):
                continue
            slug = record.get("slug")
            if isinstance(slug, str) and slug:
                if slug in slugs[section]:
                    problems.append(Problem(where, "slug", f"duplicate slug {slug!r} (also {slugs[section][slug]})"))
                slugs[section][slug] = where
            url = record.get("url")
            if section == "articles" and isinstance(url, str) and url:
                if url in urls:
                    problems.append(Problem(where, "url", f"duplicate url (also {urls[url]})"))
                urls[url] = where
            for child_kind, children in _children(section, record):
                for child_index, child in enumerate(children):
                    if child_kind == "aliases":
                        if not isinstance(child, str) or not child.strip():
                            problems.append(Problem(where, f"aliases[{child_index}]", "must be a non-empty string"))
                        continue
                    _check_record(child, child_kind, f"{where} › {child_kind}[{child_index}]", problems)
    if problems:
        return problems
    _check_references(data, slugs, problems)
    return problems


def _children(section, record):
    nested = {
        "actors": ["aliases", "identifiers", "affiliations"],
        "processes": ["identifiers"],
        "rounds": ["participants", "identifiers"],
        "articles": ["quotes"],
    }[section]
    return [(kind, record.get(kind, [])) for kind in nested if isinstance(record.get(kind, []), list)]


def _check_references(data, slugs, problems):
    refs = []  # (where, fieldname, section, slug), in file order

    def ref(where, fieldname, section, slug):
        if slug is not None:
            refs.append((where, fieldname, section, slug))

    for index, record in enumerate(data.get("actors", [])):
        for i, affiliation in enumerate(record.get("affiliations", [])):
            where = f"{label('actors', index, record)} › affiliations[{i}]"
            ref(where, "organization", "actors", affiliation.get("organization"))
    for index, record in enumerate(data.get("processes", [])):
        ref(label("processes", index, record), "convener", "actors", record.get("convener"))
    for index, record in enumerate(data.get("rounds", [])):
        where = label("rounds", index, record)
        ref(where, "process", "processes", record.get("process"))
        for i, participant in enumerate(record.get("participants", [])):
            for fieldname in ("actor", "delegation_head"):
                ref(f"{where} › participants[{i}]", fieldname, "actors", participant.get(fieldname))
    for index, record in enumerate(data.get("articles", [])):
        where = label("articles", index, record)
        ref(where, "outlet", "actors", record.get("outlet"))
        for i, slug in enumerate(record.get("rounds", [])):
            if not isinstance(slug, str):
                problems.append(Problem(where, f"rounds[{i}]", "must be a round slug"))
            else:
                ref(where, f"rounds[{i}]", "rounds", slug)
        for i, quote in enumerate(record.get("quotes", [])):
            for fieldname in ("speaker", "speaker_affiliation", "via"):
                ref(f"{where} › quotes[{i}]", fieldname, "actors", quote.get(fieldname))
            ref(f"{where} › quotes[{i}]", "round", "rounds", quote.get("round"))

    models = {"actors": Actor, "processes": NegotiationProcess, "rounds": NegotiationRound}
    stored = {}
    for section, model in models.items():
        wanted = sorted({slug for _, _, s, slug in refs if s == section and slug not in slugs[section]})
        stored[section] = set()
        for start in range(0, len(wanted), 1000):  # a thousand per query
            stored[section].update(
                model.objects.filter(slug__in=wanted[start : start + 1000]).values_list("slug", flat=True)
            )
    singular = {"actors": "actor", "processes": "process", "rounds": "round"}
    for where, fieldname, section, slug in refs:
        if slug not in slugs[section] and slug not in stored[section]:
            problems.append(
                Problem(where, fieldname, f"unknown {singular[section]} {slug!r}: not in this file or the database")
            )


class _Importer:
    """Second phase: build, validate and save every record inside one transaction."""

    def __init__(self, data, *, user=None, progress=None):
        self.data = data
        self.user = user
        self.progress = progress or (lambda message: None)
        self.problems = []
        self.report = ImportReport()
        self.actors = {}
        self.processes = {}
        self.rounds = {}

    def run(self):
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

    def fail(self, where, error):
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for fieldname, messages in error.message_dict.items():
                for message in messages:
                    self.problems.append(Problem(where, "" if fieldname == "__all__" else fieldname, message))
        elif isinstance(error, ValidationError):
            for message in error.messages:
                self.problems.append(Problem(where, "", message))
        else:
            self.problems.append(Problem(where, "", str(error)))

    def lookup(self, cache, model, slug, where, fieldname):
        if slug is None:
            return None
        if slug not in cache:
            obj = model.objects.filter(slug=slug).first()
            if obj is None:
                self.problems.append(
                    Problem(where, fieldname, f"refers to {slug!r}, which could not be imported (see above)")
                )
                return None
            cache[slug] = obj
        return cache[slug]

    def actor(self, slug, where, fieldname):
        return self.lookup(self.actors, Actor, slug, where, fieldname)

    def partial_date(self, record, key, where):
        value = record.get(key)
        if value is None:
            return None, ""
        try:
            return parse_partial_date(value)
        except ValueError as error:
            self.problems.append(Problem(where, key, str(error)))
            return None, ""

    def moment(self, record, key, where):
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

    def save(self, kind, obj, values, where, *, write=None):
        """
        Assign `values`; if that changes anything, write the record through its
        service (`write`, by default record_save) with the importing user's rights.
        Each refusal or validation error becomes a problem on the record and field.
        Returns whether the record is now as the file says.
        """
        created = obj._state.adding
        changed = []
        for name, value in values.items():
            model_field = obj._meta.get_field(name)
            if model_field.is_relation:
                # Compare ids: reading an unset relation would raise or query.
                current, wanted = getattr(obj, model_field.attname), value.pk if value else None
            else:
                current, wanted = getattr(obj, name), value
            if created or current != wanted:
                setattr(obj, name, value)
                changed.append(name)
        if not created and not changed:
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
        self.report.count(kind, "created" if created else "updated")
        return True

    def identifiers(self, model, owner_field, owner, records, where):
        for i, record in enumerate(records):
            existing = model.objects.filter(
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

    def import_actor(self, where, record):
        actor = Actor.objects.filter(slug=record["slug"]).first() or Actor(slug=record["slug"])
        values = {
            "name": record["name"],
            "kind": record["kind"],
            "country": record.get("country", ""),
            "description": record.get("description", ""),
        }
        if self.save("actors", actor, values, where, write=lambda obj: actor_save(actor=obj, user=self.user)):
            self.actors[actor.slug] = actor

    def import_actor_children(self, where, record):
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
            if organization is None:
                continue
            affiliation = Affiliation.objects.filter(person=actor, organization=organization, role=item["role"]).first()
            values = {
                "start_date": start,
                "start_precision": start_precision,
                "end_date": end,
                "end_precision": end_precision,
            }
            self.save(
                "affiliations",
                affiliation or Affiliation(person=actor, organization=organization, role=item["role"]),
                values,
                item_where,
            )

    def import_process(self, where, record):
        process = NegotiationProcess.objects.filter(slug=record["slug"]).first() or NegotiationProcess(
            slug=record["slug"]
        )
        values = {
            "name": record["name"],
            "description": record.get("description", ""),
            "convener": self.actor(record.get("convener"), where, "convener"),
        }
        if self.save("processes", process, values, where):
            self.processes[process.slug] = process
            self.identifiers(ProcessIdentifier, "process", process, record.get("identifiers", []), where)

    def import_round(self, where, record):
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
            "status": record.get("status", "planned"),
            "agenda": record.get("agenda", ""),
            "outcome": record.get("outcome", ""),
        }
        if not self.save("rounds", round_, values, where):
            return
        self.rounds[round_.slug] = round_
        for i, item in enumerate(record.get("participants", [])):
            item_where = f"{where} › participants[{i}]"
            actor = self.actor(item["actor"], item_where, "actor")
            head = self.actor(item.get("delegation_head"), item_where, "delegation_head")
            if actor is None:
                continue
            participant = RoundParticipant.objects.filter(
                round=round_, actor=actor, role=item["role"]
            ).first() or RoundParticipant(round=round_, actor=actor, role=item["role"])
            self.save("participants", participant, {"delegation_head": head}, item_where)
        self.identifiers(RoundIdentifier, "round", round_, record.get("identifiers", []), where)

    def import_articles(self, numbered):
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

    def preload(self, cache, model, slugs):
        """Read the records named by `slugs` that `cache` lacks, a thousand per query."""
        missing = sorted(slug for slug in slugs if slug and slug not in cache)
        for start in range(0, len(missing), 1000):
            for obj in model.objects.filter(slug__in=missing[start : start + 1000]):
                cache[obj.slug] = obj

    def article_values(self, where, record):
        """The article's fields as the file gives them, or None when one cannot be read."""
        known_problems = len(self.problems)
        values = {
            "slug": record["slug"],
            "headline": record["headline"],
            "standfirst": record.get("standfirst", ""),
            "body": record["body"],
            "byline": record.get("byline", ""),
            "outlet": self.actor(record.get("outlet"), where, "outlet"),
            "url": record.get("url", ""),
            "language": record.get("language", "en"),
            "dateline": record.get("dateline", ""),
            "status": record.get("status", "draft"),
            "published_at": self.moment(record, "published_at", where),
            "embargo_until": self.moment(record, "embargo_until", where),
        }
        if len(self.problems) > known_problems:
            return None  # a value could not be read: validating the rest would only add echoes of it
        return values

    def article_rounds(self, where, record):
        return [self.lookup(self.rounds, NegotiationRound, slug, where, "rounds") for slug in record.get("rounds", [])]

    def create_article(self, where, record, batch):
        values = self.article_values(where, record)
        if values is None:
            return False
        article = Article(**values)
        rounds = self.article_rounds(where, record)
        problems = batch.article_problems(article, [] if None in rounds else rounds)
        self.problems.extend(Problem(where, fieldname, message) for fieldname, message in problems)
        if problems or None in rounds:
            return False
        quotes, known_problems = [], len(self.problems)
        for item_where, _, quote_values in self.quote_items(where, record.get("quotes", [])):
            quote = Quote(article=article, **quote_values)
            problems = batch.quote_problems(quote)
            self.problems.extend(Problem(item_where, fieldname, message) for fieldname, message in problems)
            quotes.append(quote)
        if len(self.problems) > known_problems:
            return False
        batch.add(article, rounds, quotes)
        self.report.count("articles", "created")
        for _ in quotes:
            self.report.count("quotes", "created")
        return True

    def update_article(self, where, record, article):
        values = self.article_values(where, record)
        if values is None:
            return False
        write = lambda obj: article_save(article=obj, user=self.user, sync_quotes=False)  # noqa: E731
        if not self.save("articles", article, values, where, write=write):
            return False
        rounds = self.article_rounds(where, record)
        if None not in rounds and {r.pk for r in rounds} != set(article.rounds.values_list("pk", flat=True)):
            try:
                article_set_rounds(article=article, rounds=rounds, user=self.user)
            except PermissionDenied as error:
                self.problems.append(Problem(where, "rounds", str(error)))
                return False
        self.import_quotes(where, article, record.get("quotes", []))
        return True

    def quote_items(self, where, records):
        """(where, key, values) for each quote record; a repeated or refused one becomes a problem instead."""
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
                "said_on": said_on,
                "said_on_precision": said_on_precision,
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
            yield item_where, key, values

    def import_quotes(self, where, article, records):
        existing = list(article.quotes.all())
        for item_where, key, values in self.quote_items(where, records):
            quote = next((q for q in existing if (q.text, q.speaker_label, q.speaker_id) == key), None)
            quote = quote or Quote(article=article)
            quote.article = article
            self.save("quotes", quote, values, item_where, write=lambda obj: quote_save(quote=obj, user=self.user))
        try:
            article_sync_quotes(article=article)
        except ValidationError as error:
            self.fail(where, error)


# ---------------------------------------------------------------------------
# Export


def _moment(value):
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _slug(obj):
    return obj.slug if obj is not None else None


def _identifiers(queryset):
    return [{"scheme": i.scheme, "value": i.value} for i in sorted(queryset, key=lambda i: (i.scheme, i.value))]


def _in_batches(queryset, prepare, size=500):
    """
    The records of `queryset` in its order, read `size` at a time through `prepare`
    (its prefetches): a prefetch over a whole archive would name every id in one
    statement, more than SQLite takes.
    """
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        records = prepare(queryset.model.objects.filter(pk__in=batch)).in_bulk()
        yield from (records[pk] for pk in batch)


def records_export(*, include_confidential=False, articles=None) -> dict:
    """
    Every record in the interchange format, in a stable order. With `articles` (a
    queryset), only those articles and their quotes, without the actors, processes
    and rounds they refer to: for a database that already holds those.
    """
    # Related records are joined where a prefetch would name each one: Django 5.2 prefetches
    # a foreign key with one OR per distinct target, and SQLite refuses 1,000 of them.
    actors = Actor.objects.order_by("slug").prefetch_related(
        "aliases", "identifiers", Prefetch("affiliations", Affiliation.objects.select_related("organization"))
    )
    processes = NegotiationProcess.objects.order_by("slug").select_related("convener").prefetch_related("identifiers")
    rounds = (
        NegotiationRound.objects.order_by("slug")
        .select_related("process")
        .prefetch_related(
            "identifiers", Prefetch("participants", RoundParticipant.objects.select_related("actor", "delegation_head"))
        )
    )
    if articles is not None:
        actors, processes, rounds = (model.objects.none() for model in (Actor, NegotiationProcess, NegotiationRound))
    articles = _in_batches(
        (Article.objects.all() if articles is None else articles).order_by("slug"),
        lambda batch: batch.select_related("outlet").prefetch_related(
            "rounds",
            Prefetch("quotes", Quote.objects.select_related("speaker", "speaker_affiliation", "via", "round")),
        ),
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "actors": [
            {
                "slug": a.slug,
                "name": a.name,
                "kind": a.kind,
                "country": str(a.country or ""),
                "description": a.description,
                "aliases": sorted(alias.name for alias in a.aliases.all()),
                "identifiers": _identifiers(a.identifiers.all()),
                "affiliations": [
                    {
                        "organization": f.organization.slug,
                        "role": f.role,
                        "start": format_iso_partial(f.start_date, f.start_precision),
                        "end": format_iso_partial(f.end_date, f.end_precision),
                    }
                    for f in sorted(a.affiliations.all(), key=lambda f: (f.organization.slug, f.role))
                ],
            }
            for a in actors
        ],
        "processes": [
            {
                "slug": p.slug,
                "name": p.name,
                "description": p.description,
                "convener": _slug(p.convener),
                "identifiers": _identifiers(p.identifiers.all()),
            }
            for p in processes
        ],
        "rounds": [
            {
                "slug": r.slug,
                "process": r.process.slug,
                "name": r.name,
                "number": r.number,
                "city": r.city,
                "country": str(r.country or ""),
                "venue": r.venue,
                "start": format_iso_partial(r.start_date, r.start_precision),
                "end": format_iso_partial(r.end_date, r.end_precision),
                "status": r.status,
                "agenda": r.agenda,
                "outcome": r.outcome,
                "participants": [
                    {"actor": p.actor.slug, "role": p.role, "delegation_head": _slug(p.delegation_head)}
                    for p in sorted(r.participants.all(), key=lambda p: (p.role, p.actor.slug))
                ],
                "identifiers": _identifiers(r.identifiers.all()),
            }
            for r in rounds
        ],
        "articles": [_article(a, include_confidential) for a in articles],
    }


def _article(article, include_confidential):
    quotes = sorted(
        article.quotes.all(),
        key=lambda q: (q.span_start is None, q.span_start or 0, q.text, q.speaker_label),
    )
    return {
        "slug": article.slug,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "byline": article.byline,
        "outlet": _slug(article.outlet),
        "url": article.url,
        "language": article.language,
        "dateline": article.dateline,
        "status": article.status,
        "published_at": _moment(article.published_at),
        "embargo_until": _moment(article.embargo_until),
        "rounds": sorted(r.slug for r in article.rounds.all()),
        "quotes": [_quote(q, include_confidential) for q in quotes],
    }


def _quote(quote, include_confidential):
    record = {
        "text": quote.text,
        "kind": quote.kind,
        "speaker": _slug(quote.speaker),
        "speaker_label": quote.speaker_label,
        "anonymous": quote.anonymous,
        "speaker_affiliation": _slug(quote.speaker_affiliation),
        "via": _slug(quote.via),
        "channel": quote.channel,
        "said_on": format_iso_partial(quote.said_on, quote.said_on_precision),
        "location": quote.location,
        "round": _slug(quote.round),
    }
    if include_confidential:
        record["confidential_note"] = quote.confidential_note
    return record


def records_export_text(*, include_confidential=False) -> str:
    data = records_export(include_confidential=include_confidential)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
