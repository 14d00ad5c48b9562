"""
The benchmark: every read path of the project timed against the archive in the
database in use (make it with `manage.py generate_corpus`), in-process through
Django's test client with DEBUG off, as `manage.py bench` or `make bench` runs it.

For each scenario: p50, p95 and p99 latency over its requests, the SQL queries each
request ran, and "bare SQL": the same statements executed again straight on the
database cursor, so the report shows what the framework adds to the database's own
work. Requests rotate over many addresses (40 search queries from rare names to common
words, many records), so caches cannot flatter a figure. Writes (import, index
rebuild) run inside a transaction that is rolled back: the archive is left as it was.
"""

import base64
import datetime
import json
import logging
import os
import platform
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from actors.models import Actor, ActorKind
from actors.services import actor_save
from articles.interchange import records_export, records_import
from articles.models import Article, NegotiationProcess, NegotiationRound, Quote
from newsroom.changes import log as changes_log
from newsroom.paging import COUNT_CAP
from newsroom.search.documents import rebuild_kind

BENCH_USER = "bench-admin"

# What the benchmark needs from the settings, whatever the environment says: plain
# HTTP through the test client, no throttle, static files without a manifest.
BENCH_SETTINGS = {
    "ALLOWED_HOSTS": ["testserver"],
    "SECURE_SSL_REDIRECT": False,
    "API_ANON_RATE": "100000000/minute",
    "DEBUG": False,
    # Every request does its work: the figures are the pages' own cost, not the page cache's
    # (scripts/loadtest measures with it, as make serve runs).
    "PAGE_CACHE_SECONDS": 0,
    "STORAGES": {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


@dataclass
class Result:
    name: str
    group: str
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    queries: float
    max_queries: int
    sql_ms: float
    statuses: list = field(default_factory=list)
    note: str = ""


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _bare_sql_ms(captured):
    """Run the captured statements again on the cursor (SELECTs only) and time them."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute(sql)
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def sample(queryset, field_name, count):
    """`count` values of `field_name` spread over `queryset` (by id, without sorting the table)."""
    bounds = queryset.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), queryset.order_by("-pk").values_list("pk", flat=True).first()
    if first is None:
        return []
    step = max(1, (last - first) // count)
    values = []
    for start in range(first, last + 1, step):
        value = queryset.filter(pk__gte=start).order_by("pk").values_list(field_name, flat=True).first()
        if value is not None and value not in values:
            values.append(value)
        if len(values) >= count:
            break
    return values


# Search words from rare to common, shared by the benchmark and the load test's mix.
COMMON_WORDS = ["talks", "ceasefire", "minister", "delegation", "agreement", "peace", "security", "said"]
PHRASES = ['"peace talks"', '"foreign minister"', '"the talks"', '"security council"']
MIXED = [
    "talks -ceasefire",
    "peace OR truce",
    "envoy -minister",
    "ceasefire monitoring",
    "prisoners exchange",
    "talks agreement",
    "humanitarian corridor",
    "draft constitution",
]


def respelt(word):
    """'Peskov' gives 'Peskiv': its last vowel changed, the same spelling key."""
    for index in range(len(word) - 1, 0, -1):
        if word[index] in "aeiou":
            return word[:index] + ("e" if word[index] == "i" else "i") + word[index + 1 :]
    return word + "e"


def mistyped(word):
    """'Peskov' gives 'Peskob': its last letter changed to a consonant, another key."""
    return word[:-1] + ("p" if word[-1] == "b" else "b")


def mixed_read_paths(count=500):
    """
    `count` public read addresses in a newsroom's mix, interleaved: search pages (a third,
    rare names to common words), article, quote, actor and round pages, the home page,
    and API lists, filters and details.
    """
    quotes = sample(Quote.objects.public(), "pk", 60)
    articles = sample(Article.objects.public(), "slug", 60)
    actors = sample(Actor.objects.all(), "slug", 40)
    rounds = sample(NegotiationRound.objects.all(), "slug", 30)
    names = [name.split()[-1] for name in sample(Actor.objects.filter(kind=ActorKind.PERSON), "name", 10)]
    words = names + COMMON_WORDS + PHRASES + MIXED
    api = "/api/v1"
    streams = [
        [f"/search/?{urlencode({'q': word})}" for word in words],
        [f"/search/?{urlencode({'q': word, 'type': 'articles'})}" for word in words[::3]],
        [f"/articles/{slug}/" for slug in articles],
        [f"/quotes/{pk}/" for pk in quotes],
        [f"/actors/{slug}/" for slug in actors],
        [f"/rounds/{slug}/" for slug in rounds],
        ["/", "/rounds/"],
        [f"{api}/quotes/", f"{api}/articles/", f"{api}/rounds/", f"{api}/actors/"],
        [f"{api}/quotes/?speaker={slug}" for slug in actors],
        [f"{api}/quotes/{pk}/" for pk in quotes],
        [f"{api}/articles/{slug}/" for slug in articles],
        [f"/search/?{urlencode({'q': word})}" for word in reversed(words)],
    ]
    streams = [stream for stream in streams if stream]
    paths, turn = [], 0
    while len(paths) < count:
        paths.extend(stream[turn % len(stream)] for stream in streams)
        turn += 1
    return paths[:count]


class Bench:
    def __init__(self, *, iterations: int, queries: int, groups=None, out=print):
        self.groups = set(groups) if groups else None
        self.iterations = iterations
        self.query_count = queries
        self.out = out
        self.results: list[Result] = []
        self.anonymous = Client()
        self.staff = Client()
        user = get_user_model().objects.filter(username=BENCH_USER).first()
        if user is None:
            user = get_user_model().objects.create_superuser(BENCH_USER, password=None)
        self.staff.force_login(user)

    # -- measuring -------------------------------------------------------------------

    def measure(self, group, name, urls, *, client=None, stream=False, note=""):
        client = client or self.anonymous
        urls = [url for url in urls if url]
        if not urls or (self.groups and group not in self.groups):
            return
        times, counts, sql, statuses = [], [], [], set()
        # Every address at least once when there are more addresses than iterations, up to twice the iterations.
        total = max(self.iterations, min(len(urls), 2 * self.iterations))
        for index in range(total + 1):
            url = urls[index % len(urls)]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                if stream and response.streaming:
                    for _ in response.streaming_content:
                        pass
                elapsed = (time.perf_counter() - started) * 1000
            if index == 0:
                continue  # the first request warms the process, not the database
            times.append(elapsed)
            counts.append(len(captured.captured_queries))
            sql.append(_bare_sql_ms(captured.captured_queries))
            statuses.add(response.status_code)
        result = Result(
            name=name,
            group=group,
            requests=len(times),
            p50_ms=round(statistics.median(times), 1),
            p95_ms=round(_percentile(times, 0.95), 1),
            p99_ms=round(_percentile(times, 0.99), 1),
            queries=round(statistics.mean(counts), 1),
            max_queries=max(counts),
            sql_ms=round(statistics.median(sql), 1),
            statuses=sorted(statuses),
            note=note,
        )
        self.results.append(result)
        self.out(
            f"  {group:<8} {name:<40} p50 {result.p50_ms:>8.1f} ms  p95 {result.p95_ms:>8.1f} ms  "
            f"{result.queries:>5} queries  SQL {result.sql_ms:>7.1f} ms  {result.statuses}"
        )

    def measure_write(self, name, action, unit):
        """Time `action` (returning how many `unit`s it handled) in a transaction rolled back afterwards."""
        if self.groups and "write" not in self.groups:
            return
        with transaction.atomic():
            started = time.perf_counter()
            handled = action()
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        rate = handled / seconds if seconds else 0
        result = Result(
            name=name,
            group="write",
            requests=1,
            p50_ms=round(seconds * 1000, 1),
            p95_ms=round(seconds * 1000, 1),
            p99_ms=round(seconds * 1000, 1),
            queries=0,
            max_queries=0,
            sql_ms=0,
            statuses=[],
            note=f"{handled:,} {unit} in {seconds:.2f} s: {rate:,.0f} {unit}/s",
        )
        self.results.append(result)
        self.out(f"  write    {name:<40} {result.note}")

    # -- what to ask for ----------------------------------------------------------------

    def sample(self, queryset, field_name, count):
        return sample(queryset, field_name, count)

    def search_queries(self):
        """From rare to common: actor names, rare words from quotes, common words, phrases, exclusions."""
        names = [name.split()[-1] for name in self.sample(Actor.objects.filter(kind=ActorKind.PERSON), "name", 10)]
        texts = self.sample(Quote.objects.public(), "text", 10)
        rare = [text.split()[-1] for text in texts]  # each quote's own marker word
        queries = names + rare + COMMON_WORDS + PHRASES + MIXED
        return queries[: self.query_count] if len(queries) >= self.query_count else queries

    def spelling_queries(self):
        """People's surnames spelled another way (a vowel changed) and mistyped (the last letter changed)."""
        names = [name.split()[-1] for name in self.sample(Actor.objects.filter(kind=ActorKind.PERSON), "name", 10)]
        return [respelt(name) for name in names], [mistyped(name) for name in names]

    def run(self):
        quotes = self.sample(Quote.objects.public(), "pk", 40)
        articles = self.sample(Article.objects.public(), "slug", 40)
        actors = self.sample(Actor.objects.all(), "slug", 40)
        rounds = self.sample(NegotiationRound.objects.all(), "slug", 40)
        processes = self.sample(NegotiationProcess.objects.all(), "slug", 10)
        article_ids = self.sample(Article.objects.all(), "pk", 20)
        quote_ids = self.sample(Quote.objects.all(), "pk", 20)
        searches = self.search_queries()
        last_quote = Quote.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        deep = base64.b64encode(f"p={max(0, last_quote - 500)}".encode()).decode()
        # Set-up only (one pass over the quotes): the round with the most quotes, and a page
        # 60% of the way through the quote list.
        busiest = Quote.objects.values("round").annotate(total=Count("id")).order_by("-total").first()
        biggest_round = NegotiationRound.objects.filter(pk=busiest["round"]).values_list("slug", flat=True).first()
        # The deepest page page-number mode serves (it pages through the first COUNT_CAP).
        deep_page = max(1, min(Quote.objects.public().count(), COUNT_CAP) // 50)
        self.out(
            f"Archive: {Quote.objects.count():,} quotes, {Article.objects.count():,} articles; "
            f"{len(searches)} search queries"
        )

        api = "/api/v1"
        for resource in ("quotes", "articles", "actors", "rounds", "processes"):
            self.measure("api", f"{resource} list, first page", [f"{api}/{resource}/"])
        self.measure("api", f"quotes list, page {deep_page}", [f"{api}/quotes/?page={deep_page}"])
        self.measure("api", "quotes list, cursor start", [f"{api}/quotes/?cursor="])
        self.measure("api", "quotes list, deep cursor", [f"{api}/quotes/?{urlencode({'cursor': deep})}"])
        self.measure("api", "quotes filtered by speaker", [f"{api}/quotes/?speaker={slug}" for slug in actors])
        self.measure("api", "articles filtered by round", [f"{api}/articles/?round={slug}" for slug in rounds])
        self.measure("api", "quotes searched (q)", [f"{api}/quotes/?{urlencode({'q': q})}" for q in searches])
        self.measure("api", "quote detail", [f"{api}/quotes/{pk}/" for pk in quotes])
        self.measure("api", "article detail", [f"{api}/articles/{slug}/" for slug in articles])
        self.measure("api", "actor detail", [f"{api}/actors/{slug}/" for slug in actors])
        self.measure("api", "round detail", [f"{api}/rounds/{slug}/" for slug in rounds])
        head = changes_log.head()
        for label, after in [("from the start", 0), ("halfway", head // 2), ("the latest 100", max(0, head - 100))]:
            self.measure("api", f"changes feed, {label}", [f"{api}/changes/?after={after}"])

        for kind in ("quotes", "articles", "actors", "rounds"):
            self.measure(
                "search",
                f"search page, {kind} tab",
                [f"/search/?{urlencode({'q': q, 'type': kind})}" for q in searches],
            )
        respelt, mistyped = self.spelling_queries()
        # The same key as a name ("Peskiv" for "Peskov"): searched in both spellings.
        self.measure(
            "search", "search page, names spelled another way", [f"/search/?{urlencode({'q': q})}" for q in respelt]
        )
        # A consonant off ("Peskob"): found nowhere, so the page looks for "Did you mean".
        self.measure("search", "search page, names mistyped", [f"/search/?{urlencode({'q': q})}" for q in mistyped])
        csv_orders = [("by relevance (the page's window)", {}), ("newest first (every match)", {"sort": "date"})]
        for label, order in csv_orders:
            exports = [f"/search/quotes.csv?{urlencode({'q': q, **order})}" for q in searches[-12:]]
            self.measure("search", f"CSV export, {label}", exports, stream=True)

        self.measure("page", "home", ["/"])
        self.measure("page", "quote", [f"/quotes/{pk}/" for pk in quotes])
        self.measure("page", "article", [f"/articles/{slug}/" for slug in articles])
        self.measure("page", "actor", [f"/actors/{slug}/" for slug in actors])
        self.measure("page", "round", [f"/rounds/{slug}/" for slug in rounds])
        self.measure("page", "round with the most quotes", [f"/rounds/{biggest_round}/"])
        self.measure("page", "rounds timeline", ["/rounds/"])
        self.measure("page", "process", [f"/processes/{slug}/" for slug in processes])

        admin = "/admin"
        staff = {"client": self.staff}
        for model in ("articles/article", "articles/quote", "actors/actor", "articles/negotiationround"):
            self.measure("admin", f"{model} list", [f"{admin}/{model}/"], **staff)
        self.measure(
            "admin", "articles/article list, filtered", [f"{admin}/articles/article/?status__exact=published"], **staff
        )
        for model in ("articles/article", "articles/quote"):
            searched = [f"{admin}/{model}/?{urlencode({'q': q})}" for q in searches[10:20]]
            self.measure("admin", f"{model} list, searched", searched, **staff)
        self.measure(
            "admin", "article change form", [f"{admin}/articles/article/{pk}/change/" for pk in article_ids], **staff
        )
        self.measure(
            "admin", "quote change form", [f"{admin}/articles/quote/{pk}/change/" for pk in quote_ids], **staff
        )

        self.measure_write("import_records (new copies of 200 articles)", self.import_copies, "quotes")
        self.measure_write("rename the most quoted speaker (change log)", self.rename_busiest_speaker, "changes")
        self.measure_write("search index rebuild (quotes, 5,000)", lambda: rebuild_kind("quote", limit=5000), "entries")
        return self.results

    def rename_busiest_speaker(self):
        """The worst ordinary edit for the change log: every public quote and article of the speaker changes."""
        busiest = (
            Quote.objects.exclude(speaker=None).values("speaker").annotate(total=Count("id")).order_by("-total").first()
        )
        actor = Actor.objects.get(pk=busiest["speaker"])
        before = changes_log.head()
        actor.name = f"{actor.name} (renamed)"
        actor_save(actor=actor)
        return changes_log.head() - before

    def import_copies(self):
        """Export 200 public articles with what they refer to, rename them, import them: quotes imported."""
        slugs = self.sample(Article.objects.all(), "slug", 200)
        data = records_export(articles=Article.objects.filter(slug__in=slugs))
        for record in data["articles"]:
            record["slug"] = f"copy-{record['slug']}"
            record["url"] = ""
        records_import(data=data)
        return sum(len(record["quotes"]) for record in data["articles"])


def machine():
    """What the figures were measured on."""
    memory = ""
    if Path("/proc/meminfo").exists():
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{total_kb / 1024 / 1024:.0f} GiB"
    cpu = platform.processor()
    if Path("/proc/cpuinfo").exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "database": connection.vendor,
        "database_version": version.split(" on ")[0],
    }


def run_bench(*, iterations=20, queries=40, groups=None, out=print):
    # Expected answers (a 404 among them) are not news: keep request logging to errors.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    with override_settings(**BENCH_SETTINGS):
        bench = Bench(iterations=iterations, queries=queries, groups=groups, out=out)
        results = bench.run()
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "archive": {
            "quotes": Quote.objects.count(),
            "articles": Article.objects.count(),
            "actors": Actor.objects.count(),
            "rounds": NegotiationRound.objects.count(),
        },
        "iterations": iterations,
        "results": [asdict(result) for result in results],
    }


def write_reports(report, directory, label):
    """bench/results/<label>.json and .md; returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / f"{label}.json", directory / f"{label}.md"
    json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    machine_, archive = report["machine"], report["archive"]
    lines = [
        f"# Benchmark: {label}",
        "",
        f"Measured {report['measured_at']} on {machine_['cpu']} ({machine_['cores']} cores, {machine_['memory']}), "
        f"Python {machine_['python']}, {machine_['database']} {machine_['database_version']}.",
        f"Archive: {archive['quotes']:,} quotes, {archive['articles']:,} articles, {archive['actors']:,} actors, "
        f"{archive['rounds']:,} rounds (generate_corpus). In-process test client, DEBUG off, "
        f"{report['iterations']} or more requests per row, rotating over its addresses.",
        "",
        "| group | scenario | p50 ms | p95 ms | p99 ms | queries (max) | bare SQL ms | statuses | note |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in report["results"]:
        lines.append(
            f"| {row['group']} | {row['name']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
            f"{row['queries']} ({row['max_queries']}) | {row['sql_ms']} | "
            f"{', '.join(map(str, row['statuses']))} | {row['note']} |"
        )
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return json_path, md_path
