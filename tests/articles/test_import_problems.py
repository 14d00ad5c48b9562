"""Inputs that once gave a traceback: each is now a problem on its record and field, and nothing is written."""

import copy

import pytest

from articles.interchange import ImportFailed, records_import
from articles.models import Article

pytestmark = pytest.mark.django_db


def problems_of(data):
    with pytest.raises(ImportFailed) as raised:
        records_import(data=data)
    return [str(problem) for problem in raised.value.problems]


def test_an_impossible_date_is_a_problem(records):
    data = copy.deepcopy(records)
    data["articles"][0]["published_at"] = "2018-02-30T12:00:00Z"
    assert problems_of(data) == [
        'articles[0] "vienna-talks-2018" › published_at: '
        "'2018-02-30T12:00:00Z' is not a real date and time: day is out of range for month"
    ]
    assert Article.objects.count() == 0


def test_an_impossible_partial_date_is_a_problem(records):
    data = copy.deepcopy(records)
    data["articles"][0]["quotes"][0]["said_on"] = "2018-02-30"
    problems = problems_of(data)
    assert len(problems) == 1 and problems[0].startswith('articles[0] "vienna-talks-2018" › quotes[0] › said_on:')


def test_a_nul_character_in_a_name_is_a_problem(records):
    data = copy.deepcopy(records)
    data["actors"][0]["name"] = "Agence\x00France-Presse"
    assert problems_of(data) == ['actors[0] "afp" › name: contains a NUL character (\\x00), which cannot be stored']


def test_a_nul_character_in_an_alias_is_a_problem(records):
    data = copy.deepcopy(records)
    data["actors"][0]["aliases"] = ["A\x00FP"]
    assert problems_of(data) == ['actors[0] "afp" › aliases: contains a NUL character (\\x00), which cannot be stored']


def test_a_nul_character_in_a_body_is_a_problem(records):
    data = copy.deepcopy(records)
    data["articles"][0]["body"] += "\x00"
    assert problems_of(data) == [
        'articles[0] "vienna-talks-2018" › body: contains a NUL character (\\x00), which cannot be stored'
    ]
