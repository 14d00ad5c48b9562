import datetime

import pytest

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    GovernmentFactory,
    MediaFactory,
    ParticipantFactory,
    ProcessFactory,
    QuoteFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def slugs(client, url, key="slug"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return sorted(item[key] for item in response.json()["results"])


def texts(client, url):
    return slugs(client, url, key="text")


@pytest.fixture
def quotes(db):
    """Two articles with quotes that differ in every filtered property."""
    geneva = ProcessFactory(slug="geneva")
    round_a = RoundFactory(slug="round-a", process=geneva)
    round_b = RoundFactory(slug="round-b")
    envoy = ActorFactory(slug="envoy")
    ministry = GovernmentFactory(slug="ministry")
    wire = MediaFactory(slug="wire")
    first = ArticleFactory(slug="first", published_at=datetime.datetime(2018, 1, 25, 12, tzinfo=datetime.UTC))
    second = ArticleFactory(
        slug="second", published_at=datetime.datetime(2019, 6, 1, 12, tzinfo=datetime.UTC), outlet=wire
    )
    first.rounds.add(round_a)
    second.rounds.add(round_b)
    QuoteFactory(
        article=first,
        text="We found a path through the thicket",
        speaker=envoy,
        round=round_a,
        via=wire,
        said_on=D(2018, 1, 25),
        said_on_precision="day",
    )
    QuoteFactory(
        article=second,
        text="cautiously hopeful",
        kind="partial",
        speaker=ministry,
        round=round_b,
        said_on=D(2019, 5, 30),
        said_on_precision="day",
    )
    QuoteFactory(
        article=second,
        text="the ceasefire map remained unresolved",
        kind="paraphrase",
        speaker=None,
        anonymous=True,
        speaker_label="a diplomat",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("speaker=envoy", ["We found a path through the thicket"]),
        ("speaker_kind=government", ["cautiously hopeful"]),
        ("via=wire", ["We found a path through the thicket"]),
        ("round=round-b", ["cautiously hopeful"]),
        ("process=geneva", ["We found a path through the thicket"]),
        ("article=second", ["cautiously hopeful", "the ceasefire map remained unresolved"]),
        ("kind=paraphrase", ["the ceasefire map remained unresolved"]),
        ("anonymous=true", ["the ceasefire map remained unresolved"]),
        ("anonymous=false", ["We found a path through the thicket", "cautiously hopeful"]),
        ("said_after=2019-01-01", ["cautiously hopeful"]),
        ("said_before=2018-12-31", ["We found a path through the thicket"]),
        ("said_after=2018-01-25&said_before=2018-01-25", ["We found a path through the thicket"]),
    ],
)
def test_quote_filter(client, quotes, query, expected):
    assert texts(client, f"/api/v1/quotes/?{query}") == expected


def test_quote_ordering_by_said_on(client, quotes):
    results = client.get("/api/v1/quotes/?ordering=-said_on&anonymous=false").json()["results"]
    assert [q["text"] for q in results] == ["cautiously hopeful", "We found a path through the thicket"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("round=round-a", ["first"]),
        ("actor=ministry", ["second"]),
        ("outlet=wire", ["second"]),
        ("published_after=2019-01-01", ["second"]),
        ("published_before=2018-01-25", ["first"]),
    ],
)
def test_article_filter(client, quotes, query, expected):
    assert slugs(client, f"/api/v1/articles/?{query}") == expected


def test_articles_are_newest_first_by_default(client, quotes):
    assert [a["slug"] for a in client.get("/api/v1/articles/").json()["results"]] == ["second", "first"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=media", ["wire"]),
        ("has_quotes=true", ["envoy", "ministry"]),
        ("has_quotes=false&kind=media", ["wire"]),
    ],
)
def test_actor_filter(client, quotes, query, expected):
    assert slugs(client, f"/api/v1/actors/?{query}") == expected


def test_actor_country_filter(client):
    ActorFactory(slug="paris", country="FR")
    ActorFactory(slug="bern", country="CH")
    assert slugs(client, "/api/v1/actors/?country=FR") == ["paris"]


@pytest.fixture
def rounds(db):
    geneva = ProcessFactory(slug="geneva")
    december = RoundFactory(
        slug="december",
        process=geneva,
        country="CH",
        status="concluded",
        start_date=D(2017, 12, 1),
        start_precision="month",
        end_date=D(2017, 12, 1),
        end_precision="month",
    )
    vienna = RoundFactory(
        slug="vienna",
        process=geneva,
        country="AT",
        status="ongoing",
        start_date=D(2018, 1, 25),
        start_precision="day",
        end_date=D(2018, 1, 26),
        end_precision="day",
    )
    RoundFactory(slug="next", process=geneva, status="planned")
    turkey = GovernmentFactory(slug="turkey")
    ParticipantFactory(round=december, actor=turkey, role="observer")
    ParticipantFactory(round=vienna, actor=turkey, role="backer")
    ParticipantFactory(round=vienna, actor=GovernmentFactory(slug="russia"), role="host")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("process=geneva", ["december", "next", "vienna"]),
        ("country=AT", ["vienna"]),
        ("status=planned", ["next"]),
        ("held_from=2017-12-31", ["december", "vienna"]),  # a month-precise round covers its whole month
        ("held_from=2018-01-01", ["vienna"]),
        ("held_until=2017-12-31", ["december"]),
        ("participant=turkey", ["december", "vienna"]),
        ("participant=turkey&role=backer", ["vienna"]),
        ("participant=turkey&role=host", []),
        ("role=host", ["vienna"]),
    ],
)
def test_round_filter(client, rounds, query, expected):
    assert slugs(client, f"/api/v1/rounds/?{query}") == expected


def test_round_ordering_by_start(client, rounds):
    ordered = [r["slug"] for r in client.get("/api/v1/rounds/?ordering=start&process=geneva").json()["results"]]
    assert ordered[-2:] == ["december", "vienna"] or ordered[:2] == ["december", "vienna"]


def test_process_filter_by_convener(client):
    ProcessFactory(slug="un-track", convener=ActorFactory(slug="un", kind="organization"))
    ProcessFactory(slug="other")
    assert slugs(client, "/api/v1/processes/?convener=un") == ["un-track"]


def test_updated_since_returns_recent_changes_only(client):
    old = ActorFactory(slug="old")
    ActorFactory(slug="recent")
    from actors.models import Actor

    Actor.objects.filter(pk=old.pk).update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert slugs(client, "/api/v1/actors/?updated_since=2021-01-01T00:00:00Z") == ["recent"]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/quotes/?kind=alien", "kind"),
        ("/api/v1/quotes/?speaker=nobody", "speaker"),
        ("/api/v1/quotes/?said_after=2018-13-01", "said_after"),
        ("/api/v1/quotes/?anonymous=maybe", "anonymous"),
        ("/api/v1/quotes/?ordering=text", "ordering"),
        ("/api/v1/articles/?published_before=yesterday", "published_before"),
        ("/api/v1/actors/?kind=robot", "kind"),
        ("/api/v1/actors/?country=XX", "country"),
        ("/api/v1/rounds/?status=imaginary", "status"),
        ("/api/v1/rounds/?role=king", "role"),
        ("/api/v1/processes/?updated_since=soon", "updated_since"),
        ("/api/v1/articles/?page_size=500", "page_size"),
        ("/api/v1/articles/?page_size=0", "page_size"),
        ("/api/v1/articles/?page=two", "page"),
        ("/api/v1/articles/?cursor=cD1hYmM%3D", "cursor"),  # a position that is not an id
    ],
)
def test_bad_parameter_is_a_400_naming_it(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    assert response["Content-Type"] == "application/json"


def test_unknown_slug_message_names_the_slug(client):
    assert client.get("/api/v1/quotes/?speaker=nobody").json() == {
        "speaker": ["Unknown actor nobody: no actor has this slug."]
    }


@pytest.mark.parametrize("moment", ["2163-10-29T15:37:51-23:10", "0672-03-01T20:35:04+20:24"])
def test_updated_since_accepts_any_valid_offset(client, moment):
    ActorFactory()
    assert client.get("/api/v1/actors/", {"updated_since": moment}).status_code == 200


def test_updated_since_out_of_range_is_a_400(client):
    response = client.get("/api/v1/actors/", {"updated_since": "0001-01-01T00:00:00+05:00"})
    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]


def test_q_searches_and_ranks_quotes(client, demo):
    results = client.get("/api/v1/quotes/", {"q": "Jaafari"}).json()["results"]
    assert [q["text"] for q in results] == ["The meeting was good"]


def test_q_finds_actors_by_alias(client, demo):
    assert slugs(client, "/api/v1/actors/?q=Moscow") == ["russia"]


def test_q_finds_rounds_and_processes(client, demo):
    assert slugs(client, "/api/v1/rounds/?q=Sochi%20-Geneva") == ["sochi-2018"]
    assert slugs(client, "/api/v1/processes/?q=Astana") == ["astana-process"]


def test_q_combines_with_filters(client, demo):
    assert texts(client, "/api/v1/quotes/?q=Moscow&kind=partial") == ["efficiently", "results"]
    assert texts(client, "/api/v1/quotes/?q=Moscow&kind=direct") == []


def test_q_never_finds_hidden_articles(client, demo):
    from articles.models import Article

    Article.objects.update(status="draft", published_at=None)
    assert client.get("/api/v1/articles/?q=Vienna").json()["count"] == 0


def test_q_too_long_is_a_400(client):
    response = client.get("/api/v1/quotes/", {"q": "x" * 201})
    assert response.status_code == 400
    assert list(response.json()) == ["q"]


@pytest.fixture
def four_matches_over_a_window_of_two(monkeypatch):
    """The window ranks the latest two matches, and reads one more to tell that more match."""
    monkeypatch.setattr("newsroom.search.engine.RANK_WINDOW", 2)
    article = ArticleFactory(body='"thicket one" "thicket two" "thicket three" "thicket four"')
    return [QuoteFactory(article=article, text=f"thicket {n}") for n in ("one", "two", "three", "four")]


def test_q_counts_up_to_the_window_and_says_more_match(client, four_matches_over_a_window_of_two):
    body = client.get("/api/v1/quotes/", {"q": "thicket"}).json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (2, True, 2)


def test_q_ranks_only_the_latest_matches(client, four_matches_over_a_window_of_two):
    results = client.get("/api/v1/quotes/", {"q": "thicket", "page_size": 1, "page": 2}).json()["results"]
    listed = results + client.get("/api/v1/quotes/", {"q": "thicket", "page_size": 1}).json()["results"]
    assert "thicket one" not in [quote["text"] for quote in listed]


def test_q_with_ordering_lists_every_match(client, four_matches_over_a_window_of_two):
    body = client.get("/api/v1/quotes/", {"q": "thicket", "ordering": "-updated_at"}).json()
    assert (body["count"], body["count_capped"]) == (4, False)


def test_q_in_cursor_mode_lists_every_match(client, four_matches_over_a_window_of_two):
    assert len(client.get("/api/v1/quotes/", {"q": "thicket", "cursor": ""}).json()["results"]) == 4


def test_q_page_past_the_window_is_a_404_naming_the_way_on(client, four_matches_over_a_window_of_two):
    response = client.get("/api/v1/quotes/", {"q": "thicket", "page_size": 1, "page": 3})
    assert response.status_code == 404
    assert "pass `ordering`" in response.json()["detail"]
