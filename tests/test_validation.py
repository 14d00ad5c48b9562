"""
newsroom.validation checks in Python what full_clean() asks the database: it must
reach the same verdicts and messages, without the queries.
"""

import datetime
import itertools

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import CheckConstraint, F, Q
from django.test.utils import CaptureQueriesContext

from actors.models import ActorKind
from articles.models import Article, ArticleStatus, NegotiationRound, Quote, QuoteKind
from newsroom.validation import Unsupported, evaluate, validate_loaded
from tests.factories import ActorFactory, ArticleFactory, MediaFactory

pytestmark = pytest.mark.django_db

QUOTE_VARIANTS = {
    "text": ["", "the talks went well"],
    "anonymous": [False, True],
    "speaker_id": [None, "speaker"],
    "speaker_label": ["", "a diplomat"],
    "span_start": [None, 3, 9],
    "span_end": [None, 5, 9],
    "said_on": [None, datetime.date(2018, 1, 25)],
    "said_on_precision": ["", "day", "week"],
    "channel": ["", "other"],
    "channel_other": ["", "a radio phone-in"],
}


def quote_variants(speaker):
    names = list(QUOTE_VARIANTS)
    for values in itertools.product(*QUOTE_VARIANTS.values()):
        quote = Quote(**dict(zip(names, values, strict=True)))
        if quote.speaker_id == "speaker":
            quote.speaker = speaker
        yield quote


def every_check_constraint():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                yield model, constraint


def django_verdict(model, constraint, obj):
    try:
        constraint.validate(model, obj)
    except ValidationError:
        return False
    return True


def test_every_quote_constraint_agrees_with_the_database():
    speaker = ActorFactory()
    constraints = [constraint for model, constraint in every_check_constraint() if model is Quote]
    assert len(constraints) == 7
    disagreements = []
    for quote in quote_variants(speaker):
        for constraint in constraints:
            ours = evaluate(constraint.condition, quote) is not False
            if ours != django_verdict(Quote, constraint, quote):
                disagreements.append((constraint.name, quote.__dict__))
    assert disagreements == []


def test_every_check_constraint_of_the_project_can_be_evaluated_in_python():
    # Each one is then checked without a query; one that could not be would still be checked, by Django.
    unsupported = []
    for model, constraint in every_check_constraint():
        try:
            evaluate(constraint.condition, model())
        except Unsupported:
            unsupported.append(constraint.name)
    assert unsupported == []


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        (Q(number__gt=3), {"number": None}, None),
        (~Q(number__gt=3), {"number": None}, None),
        (Q(number__gt=3) | Q(number__isnull=True), {"number": None}, True),
        (Q(number__gt=3) & Q(number__isnull=True), {"number": None}, None),
        (Q(number__gt=3) & Q(number__isnull=False), {"number": None}, False),
        (Q(number__in=[1, 2]), {"number": 2}, True),
        (Q(number=None), {"number": None}, True),
        (Q(span_end__gt=F("span_start")), {"span_start": 4, "span_end": 4}, False),
    ],
)
def test_sql_three_valued_logic(condition, values, expected):
    obj = Quote(**values) if "span_start" in values else NegotiationRound(**values)
    assert evaluate(condition, obj) is expected


def test_strings_are_not_ordered_in_python():
    # Collations order strings; Python would answer differently from the database.
    with pytest.raises(Unsupported):
        evaluate(Q(slug__gt="m"), Article(slug="n"))


def test_a_lookup_across_a_relation_is_left_to_django():
    with pytest.raises(Unsupported):
        evaluate(Q(speaker__kind=ActorKind.MEDIA), Quote())


def errors_of(check, obj):
    try:
        check(obj)
    except ValidationError as error:
        return error.message_dict
    return {}


def full_clean(obj):
    obj.full_clean(validate_unique=False)


def invalid_quotes():
    article = ArticleFactory()
    person, media = ActorFactory(), MediaFactory()
    return [
        Quote(article=article, text="not in the body at all", speaker=person),
        Quote(article=article, text="", speaker=person),
        Quote(article=article, text="x", anonymous=True, speaker=person),
        Quote(article=article, text="x", kind="shout", speaker=person, said_on=datetime.date(2018, 1, 1)),
        Quote(article=article, text="x", speaker=person, via=person),  # via must be media
        Quote(article=article, text="x", speaker=person, via=media, channel="pigeon"),
        Quote(article=article, text="x", kind=QuoteKind.PARAPHRASE, anonymous=True),
    ]


def test_validate_loaded_gives_full_cleans_messages():
    for quote in invalid_quotes():
        assert errors_of(validate_loaded, quote) == errors_of(full_clean, quote) != {}


def test_validate_loaded_accepts_what_full_clean_accepts():
    article = ArticleFactory(body="The envoy said the talks were useful.")
    quote = Quote(article=article, text="the talks were useful", speaker=ActorFactory(), via=MediaFactory())
    assert errors_of(validate_loaded, quote) == {}
    assert (quote.span_start, quote.span_end) == (15, 36)


def test_validate_loaded_reads_loaded_relations_without_a_query():
    article = ArticleFactory()
    outlet = MediaFactory()
    quote = Quote(article=article, text="x", speaker=ActorFactory(), via=MediaFactory())
    fresh = Article(headline="h", slug="h", body="b", status=ArticleStatus.DRAFT, outlet=outlet)
    with CaptureQueriesContext(connection) as queries:
        errors_of(validate_loaded, quote)
        errors_of(validate_loaded, fresh)
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        errors_of(full_clean, quote)
    assert len(queries) > 10  # what the batch path saves: foreign keys and constraints, each a query


def test_a_foreign_key_only_known_by_id_is_looked_up():
    quote = Quote(article=ArticleFactory(), text="x", speaker_id=987654)
    assert "speaker" in errors_of(validate_loaded, quote)
