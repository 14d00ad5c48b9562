"""
A synthetic archive for benchmarks: `manage.py generate_corpus --quotes N --seed S`.

Deterministic for a seed (the same records, ids aside, every time), shaped like a wire
service's archive of negotiation coverage: a few thousand actors (people with
affiliations, governments with a capital as alias, organizations, armed groups, media),
processes and rounds with participants, articles of about 600 words drawn from a
Zipf-distributed vocabulary (common words common, invented names rare), 3 to 7 quotes
each, written into the body so the verbatim rule holds, in every state the archive
knows: drafts, articles in review, withdrawn, under embargo, anonymous sources,
relayed quotes, paraphrases.

Every record is marked synthetic (slugs start with "syn-", descriptions and bylines
say so) and the generator refuses a database that already holds other records, so
benchmark data never mixes with real or demo data. Records are written in batches
(bulk inserts, one search-index update per batch) and satisfy every model
constraint; history is not written for them.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from actors.models import Actor, ActorKind, Affiliation, Alias
from actors.spelling import refresh_name_keys
from newsroom.changes.models import Change
from newsroom.dates import DatePrecision
from newsroom.search.documents import bulk_index
from newsroom.search.models import EntryKind
from newsroom.text import normalize_name

from .models import (
    Article,
    ArticleStatus,
    Channel,
    NegotiationProcess,
    NegotiationRound,
    ParticipantRole,
    Quote,
    QuoteKind,
    RoundParticipant,
    RoundStatus,
)

PREFIX = "syn-"
MARK = "Synthetic record generated for benchmarks."
UTC = datetime.UTC

# The common end of the vocabulary: the words negotiation coverage is made of.
COMMON = """
the of and to in a that said on for is with talks was by as it at be he from have were not are this
an they has their but which had will who after would its been also more we there all government
about one new over or us when into his two no than other out only could can people first peace
meeting round delegation ceasefire agreement minister envoy sides negotiations opposition foreign
security council president statement week officials talks political process united nations
support proposal constitution committee monday tuesday wednesday thursday friday weekend region
humanitarian aid prisoners exchange troops withdrawal border corridor truce monitoring mission
sanctions elections transition framework guarantees parties mediator mediators delegates table
progress deadlock breakthrough draft text clause article principle principles agenda session
sessions closed door behind doors hopeful cautious serious constructive difficult frank useful
tough compromise concession demand demands refused rejected accepted welcomed warned urged called
insisted noted stressed added told reporters journalists press conference spokesman spokeswoman
source sources diplomat diplomats diplomatic western regional international military civilian
fighting attack attacks violence displaced refugees return returns reconstruction funding donors
capital city villa hotel venue host hosted hosting host country invitation invited boycott walkout
""".split()
SYLLABLES = """ka lo ri ma ven tor sal dun mir ael bro cas del fen gar hul isk jor kel lun mar nor
osk pel quen ras sol tav ul vor wen yar zel ba de fi go ku le mi no pu ra se ti vo an er in ol
ur ash esk ith orn und""".split()
ZIPF_S = 1.07
RARE_WORDS = 12_000


def _zipf_weights(count):
    return [1.0 / (rank + 2.7) ** ZIPF_S for rank in range(count)]


@dataclass
class Scale:
    """How many of each record for `quotes` quotes (the shape the benchmarks assume)."""

    quotes: int
    actors: int = 0
    rounds: int = 0
    processes: int = 0

    def __post_init__(self):
        self.actors = max(60, min(2000, self.quotes // 100))
        self.rounds = max(10, min(600, self.quotes // 400))
        self.processes = max(3, self.rounds // 20)


@dataclass
class Report:
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    def __str__(self):
        made = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        rate = self.counts.get("quotes", 0) / self.seconds if self.seconds else 0
        return f"{made} in {self.seconds:.1f} s ({rate:,.0f} quotes/s)"


class CorpusRefused(Exception):
    pass


class Generator:
    def __init__(self, *, quotes: int, seed: int, batch: int = 500, progress: Callable[[str], None] | None = None):
        self.scale = Scale(quotes)
        self.random = random.Random(seed)
        self.batch = batch
        self.progress = progress or (lambda message: None)
        self.report = Report()
        rare = sorted({self._word(self.random.randint(2, 4)) for _ in range(RARE_WORDS)} - set(COMMON))
        self.vocabulary = COMMON + rare
        self.cumulative = []
        total = 0.0
        for weight in _zipf_weights(len(self.vocabulary)):
            total += weight
            self.cumulative.append(total)

    # -- text ---------------------------------------------------------------------------

    def _word(self, syllables):
        return "".join(self.random.choice(SYLLABLES) for _ in range(syllables))

    def _name(self):
        return f"{self._word(2).capitalize()} {self._word(self.random.randint(2, 3)).capitalize()}"

    def words(self, count):
        return self.random.choices(self.vocabulary, cum_weights=self.cumulative, k=count)

    def sentence(self, low, high):
        words = self.words(self.random.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self):
        return " ".join(self.sentence(8, 22) for _ in range(self.random.randint(2, 4)))

    # -- reference data -----------------------------------------------------------------

    def refuse_unless_empty(self):
        if Article.objects.exists() or Actor.objects.exists() or NegotiationRound.objects.exists():
            raise CorpusRefused(
                "This database already holds records. Generate the synthetic archive into an empty "
                "database of its own (for example DATABASE_URL=sqlite:///bench/bench.sqlite3), so "
                "benchmark data never mixes with real or demo records."
            )

    def make_actors(self):
        kinds = (
            [ActorKind.MEDIA] * max(5, self.scale.actors // 20)
            + [ActorKind.GOVERNMENT] * max(10, self.scale.actors // 8)
            + [ActorKind.ORGANIZATION] * max(5, self.scale.actors // 15)
            + [ActorKind.ARMED_GROUP] * max(3, self.scale.actors // 25)
        )
        kinds += [ActorKind.PERSON] * (self.scale.actors - len(kinds))
        actors, names = [], set()
        for index, kind in enumerate(kinds):
            name = self._name()
            while name in names:
                name = self._name()
            names.add(name)
            if kind == ActorKind.MEDIA:
                name = f"{name.split()[0]} {self.random.choice(['Wire', 'News', 'Press', 'Times', 'Radio'])}"
            elif kind == ActorKind.GOVERNMENT:
                name = f"Republic of {name.split()[1]}"
            elif kind == ActorKind.ORGANIZATION:
                name = f"{name.split()[1]} {self.random.choice(['Council', 'Union', 'League', 'Forum'])}"
            elif kind == ActorKind.ARMED_GROUP:
                name = f"{name.split()[1]} {self.random.choice(['Front', 'Brigades', 'Movement'])}"
            actors.append(
                Actor(
                    name=name,
                    slug=f"{PREFIX}actor-{index}",
                    kind=kind,
                    description=MARK,
                    name_normalized=normalize_name(name),
                )
            )
        Actor.objects.bulk_create(actors, batch_size=self.batch)
        self.actors = list(Actor.objects.filter(slug__startswith=PREFIX).order_by("pk"))
        self.by_kind = {kind: [a for a in self.actors if a.kind == kind] for kind in ActorKind.values}
        aliases = []
        for actor in self.by_kind[ActorKind.GOVERNMENT]:
            capital = self._word(3).capitalize()  # "Moscow" for Russia
            aliases.append(Alias(actor=actor, name=capital, normalized=normalize_name(capital)))
        Alias.objects.bulk_create(aliases, batch_size=self.batch)
        affiliations = []
        organizations = self.by_kind[ActorKind.GOVERNMENT] + self.by_kind[ActorKind.ORGANIZATION]
        roles = ["Foreign Minister", "Special Envoy", "Spokesperson", "Chief Negotiator", "Ambassador"]
        for person in self.by_kind[ActorKind.PERSON]:
            start = datetime.date(self.random.randint(2008, 2020), self.random.randint(1, 12), 1)
            ended = self.random.random() < 0.3
            end = datetime.date(start.year + self.random.randint(1, 5), 12, 31) if ended else None
            affiliations.append(
                Affiliation(
                    person=person,
                    organization=self.random.choice(organizations),
                    role=self.random.choice(roles),
                    start_date=start,
                    start_precision=DatePrecision.MONTH,
                    end_date=end,
                    end_precision=DatePrecision.DAY if end else "",
                    ended=end is not None,
                )
            )
        Affiliation.objects.bulk_create(affiliations, batch_size=self.batch)
        aliases_of = {}
        for alias in Alias.objects.filter(actor__slug__startswith=PREFIX):
            aliases_of.setdefault(alias.actor_id, []).append(alias)
        for actor in self.actors:
            # The search documents read actor.aliases.all(): give it the aliases made above.
            actor._prefetched_objects_cache = {"aliases": aliases_of.get(actor.pk, [])}
        bulk_index(EntryKind.ACTOR, self.actors)
        refresh_name_keys(actor.pk for actor in self.actors)  # bulk_create sent no post_save
        self.report.counts.update(actors=len(self.actors), aliases=len(aliases), affiliations=len(affiliations))

    def make_rounds(self):
        processes = [
            NegotiationProcess(
                name=f"{self._word(2).capitalize()} talks (synthetic)",
                slug=f"{PREFIX}process-{index}",
                description=MARK,
                convener=self.random.choice(self.by_kind[ActorKind.ORGANIZATION]),
            )
            for index in range(self.scale.processes)
        ]
        NegotiationProcess.objects.bulk_create(processes, batch_size=self.batch)
        processes = list(NegotiationProcess.objects.filter(slug__startswith=PREFIX).select_related("convener"))
        bulk_index(EntryKind.PROCESS, processes)
        rounds = []
        numbers = {}
        for index in range(self.scale.rounds):
            process = processes[index % len(processes)]
            numbers[process.pk] = numbers.get(process.pk, 0) + 1
            start = datetime.date(2012, 1, 1) + datetime.timedelta(days=self.random.randint(0, 5100))
            precision = self.random.choices(
                [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], weights=[85, 12, 3]
            )[0]
            if precision == DatePrecision.MONTH:
                start = start.replace(day=1)
            elif precision == DatePrecision.YEAR:
                start = start.replace(month=1, day=1)
            end = start + datetime.timedelta(days=self.random.randint(1, 5)) if precision == DatePrecision.DAY else None
            city = self._word(3).capitalize()
            rounds.append(
                NegotiationRound(
                    process=process,
                    name=f"Round {numbers[process.pk]} in {city}",
                    number=numbers[process.pk],
                    slug=f"{PREFIX}round-{index}",
                    city=city,
                    start_date=start,
                    start_precision=precision,
                    end_date=end,
                    end_precision=DatePrecision.DAY if end else "",
                    status=RoundStatus.CONCLUDED if start.year < 2026 else RoundStatus.PLANNED,
                    agenda=self.sentence(10, 25),
                    outcome=self.sentence(8, 20),
                )
            )
        NegotiationRound.objects.bulk_create(rounds, batch_size=self.batch)
        self.rounds = list(NegotiationRound.objects.filter(slug__startswith=PREFIX).select_related("process"))
        participants = []
        parties = self.by_kind[ActorKind.GOVERNMENT] + self.by_kind[ActorKind.ARMED_GROUP]
        for round_ in self.rounds:
            chosen = self.random.sample(parties, k=min(len(parties), self.random.randint(3, 8)))
            roles = [ParticipantRole.MEDIATOR, ParticipantRole.HOST] + [ParticipantRole.PARTY] * len(chosen)
            for actor, role in zip(chosen, roles, strict=False):
                participants.append(RoundParticipant(round=round_, actor=actor, role=role))
        RoundParticipant.objects.bulk_create(participants, batch_size=self.batch)
        bulk_index(EntryKind.ROUND, self.rounds)
        self.report.counts.update(processes=len(processes), rounds=len(self.rounds), participants=len(participants))

    # -- articles and quotes --------------------------------------------------------------

    def status(self, progress):
        """
        (status, published_at, embargo_until) for the article `progress` (0 to 1) of the
        way through the archive. Articles are written in publication order, as a
        newsroom's are, give or take three days: twelve years from 2014.
        """
        roll = self.random.random()
        if roll < 0.05:
            return ArticleStatus.DRAFT, None, None
        if roll < 0.10:
            return ArticleStatus.IN_REVIEW, None, None
        published = datetime.datetime(2014, 1, 1, tzinfo=UTC) + datetime.timedelta(
            seconds=int(progress * 12 * 365 * 86400) + self.random.randint(0, 3 * 86400)
        )
        if roll < 0.13:
            return ArticleStatus.WITHDRAWN, published, None
        if roll < 0.15:
            return ArticleStatus.PUBLISHED, published, datetime.datetime(2027, 1, 1, tzinfo=UTC)  # under embargo
        return ArticleStatus.PUBLISHED, published, None

    def quote_for(self, article_index, index):
        """(text, kind, sentence in the body, attribute values) for one quote."""
        kind = self.random.choices([QuoteKind.DIRECT, QuoteKind.PARTIAL, QuoteKind.PARAPHRASE], weights=[60, 30, 10])[0]
        anonymous = self.random.random() < 0.08
        via = self.random.choice(self.by_kind[ActorKind.MEDIA]) if self.random.random() < 0.15 else None
        values = {"kind": kind, "anonymous": anonymous, "via": via}
        if anonymous:
            government = self.random.choice(self.by_kind[ActorKind.GOVERNMENT])
            label = f"a diplomatic source from the {government.name}"
            values.update(speaker=None, speaker_label=label, speaker_affiliation=government)
        else:
            speaker = self.random.choice(self.speakers)
            label = speaker.name
            values.update(speaker=speaker, speaker_label=label, speaker_affiliation=None)
        # A marker word of its own keeps every quote's words unique in its article.
        marker = f"{self._word(2)}{article_index % 997}x{index}"
        if kind == QuoteKind.DIRECT:
            text = " ".join([*self.words(self.random.randint(6, 18)), marker]).capitalize()
            relay = f", {via.name} reported" if via else ""
            sentence = f'"{text}," {label} said{relay}.'
        elif kind == QuoteKind.PARTIAL:
            text = " ".join([*self.words(self.random.randint(1, 4)), marker])
            sentence = f'{label[0].upper()}{label[1:]} called the proposal "{text}".'
        else:
            text = " ".join([*self.words(self.random.randint(8, 16)), marker])
            sentence = f"{label[0].upper()}{label[1:]} said {text}."
        values["undated"] = self.random.random() < 0.4  # the date said is unknown
        values["channel"] = self.random.choice([*Channel.values, ""])
        if values["channel"] == Channel.OTHER:
            values["channel_other"] = "a radio phone-in"
        return text, sentence, values

    def make_articles(self):
        kinds = self.by_kind
        self.speakers = kinds[ActorKind.PERSON] * 4 + kinds[ActorKind.GOVERNMENT] + kinds[ActorKind.ARMED_GROUP]
        made_quotes = made_articles = 0
        index = 0
        started = time.perf_counter()
        while made_quotes < self.scale.quotes:
            with transaction.atomic():
                articles, plans = [], []
                for _ in range(self.batch):
                    if made_quotes >= self.scale.quotes:
                        break
                    count = min(self.random.randint(3, 7), self.scale.quotes - made_quotes)
                    article, plan = self.article(index, count, progress=made_quotes / self.scale.quotes)
                    articles.append(article)
                    plans.append(plan)
                    made_quotes += count
                    index += 1
                Article.objects.bulk_create(articles, batch_size=self.batch)
                self.write_quotes(articles, plans)
                made_articles += len(articles)
            rate = made_quotes / (time.perf_counter() - started)
            self.progress(f"{made_articles:,} articles, {made_quotes:,} quotes ({rate:,.0f} quotes/s)")
        self.report.counts.update(articles=made_articles, quotes=made_quotes)

    def article(self, index, quote_count, *, progress):
        status, published_at, embargo = self.status(progress)
        rounds = self.random.sample(self.rounds, k=self.random.choice([1, 1, 1, 2]))
        paragraphs = [self.paragraph() for _ in range(self.random.randint(6, 9))]
        quotes = [self.quote_for(index, number) for number in range(quote_count)]
        for number, (_, sentence, _) in enumerate(quotes):
            position = 1 + (number * (len(paragraphs) - 1)) // max(1, quote_count)
            paragraphs[position] = f"{paragraphs[position]} {sentence}"
        headline_words = self.words(self.random.randint(6, 11))
        article = Article(
            headline=" ".join(headline_words).capitalize(),
            slug=f"{PREFIX}article-{index}",
            standfirst=self.sentence(12, 24),
            body="\n\n".join(paragraphs),
            byline="Synthetic desk",
            outlet=self.random.choice(self.by_kind[ActorKind.MEDIA]),
            url=f"https://synthetic.invalid/{index}",
            language="en",
            dateline=rounds[0].city,
            status=status,
            published_at=published_at,
            embargo_until=embargo,
        )
        return article, (rounds, quotes)

    def write_quotes(self, articles, plans):
        quotes, links = [], []
        Through = Article.rounds.through
        for article, (rounds, planned) in zip(articles, plans, strict=True):
            links += [Through(article_id=article.pk, negotiationround_id=round_.pk) for round_ in rounds]
            for text, _, values in planned:
                start = article.body.find(text)
                undated = values.pop("undated")
                said_on = article.published_at.date() if article.published_at and not undated else None
                quotes.append(
                    Quote(
                        article=article,
                        text=text,
                        span_start=start,
                        span_end=start + len(text),
                        round=rounds[0],
                        said_on=said_on,
                        said_on_precision=DatePrecision.DAY if said_on else "",
                        **values,
                    )
                )
        Through.objects.bulk_create(links, batch_size=self.batch * 2)
        Quote.objects.bulk_create(quotes, batch_size=self.batch * 2)
        bulk_index(EntryKind.ARTICLE, articles)
        bulk_index(EntryKind.QUOTE, quotes)

    def announce(self):
        """
        One "fetch" change per public record, in the change log (newsroom.changes), as a
        newsroom that created them one by one would hold: what the changes feed and its
        bench read. Written in bulk, as the rows above (no receiver runs for bulk_create).
        """
        sources = [
            ("actor", Actor.objects.values_list("pk", "slug")),
            ("process", NegotiationProcess.objects.values_list("pk", "slug")),
            ("round", NegotiationRound.objects.values_list("pk", "slug")),
            ("article", Article.objects.public().values_list("pk", "slug")),
            ("quote", Quote.objects.public().values_list("pk", "pk")),
        ]
        written = 0
        for resource, rows in sources:
            changes = []
            for pk, key in rows.order_by("pk").iterator(chunk_size=self.batch * 10):
                changes.append(Change(resource=resource, object_id=pk, key=str(key), action="fetch", reason="created"))
                if len(changes) >= self.batch * 10:
                    Change.objects.bulk_create(changes)
                    written, changes = written + len(changes), []
            Change.objects.bulk_create(changes)
            written += len(changes)
        self.report.counts.update(changes=written)
        self.progress(f"{written:,} changes in the change log")

    def run(self) -> Report:
        started = time.perf_counter()
        self.refuse_unless_empty()
        with transaction.atomic():
            self.make_actors()
            self.make_rounds()
        self.progress(f"{len(self.actors):,} actors and {len(self.rounds):,} rounds")
        self.make_articles()
        self.announce()
        # Fresh statistics for the query planner: rows written in bulk are not analysed
        # yet, and plans made without statistics were up to 12 times slower here. On
        # PostgreSQL, VACUUM also marks the pages all-visible, as autovacuum would, so
        # counts read their index alone (a round's quotes: 16 ms for 50 rounds, not 560).
        # VACUUM cannot run in a transaction (a test's): ANALYZE alone there.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.report.seconds = time.perf_counter() - started
        return self.report


def corpus_generate(*, quotes: int, seed: int, batch: int = 500, progress=None) -> Report:
    """Write a synthetic archive of `quotes` quotes into an empty database; see the module's docstring."""
    return Generator(quotes=quotes, seed=seed, batch=batch, progress=progress).run()
