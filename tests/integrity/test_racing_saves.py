"""
Many editors saving the same record at the same moment, each from the same version,
through the admin, each in its own thread with its own database connection: exactly
one save wins, every other editor gets the form back with their input and the
"someone else saved this" message, and nobody gets a server error.
"""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from articles.models import Article, Quote
from articles.roles import permissions_of
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, QuoteFactory

EDITORS = 12


def race(clients, url, forms):
    """POST every form at once; returns (status, content) per client, 500 for an exception."""
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def post(index):
        try:
            barrier.wait()
            response = clients[index].post(url, forms[index])
            results[index] = (response.status_code, response.content.decode())
        except Exception as error:  # a server error the test client re-raised
            results[index] = (500, repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def editor_permissions():
    """The Editor role's permissions, from the roles matrix: a transactional test's flush removes the groups."""
    wanted = [permission.split(".") for permission in permissions_of("Editor")]
    query = Q()
    for app, codename in wanted:
        query |= Q(content_type__app_label=app, codename=codename)
    return list(Permission.objects.filter(query))


@pytest.fixture
def editor_clients(django_user_model):
    clients = []
    permissions = editor_permissions()
    for index in range(EDITORS):
        user = django_user_model.objects.create_user(username=f"editor{index}", is_staff=True)
        user.user_permissions.set(permissions)
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def assert_one_winner(results, value_of):
    assert [status for status, _ in results if status >= 500] == []
    winners = [index for index, (status, _) in enumerate(results) if status == 302]
    assert len(winners) == 1
    for index, (status, content) in enumerate(results):
        if index != winners[0]:
            assert status == 200
            assert "Not saved:" in content
            assert value_of(index) in content  # their edit is still in the form
    return winners[0]


@pytest.mark.django_db(transaction=True)
def test_racing_article_saves(editor_clients):
    article = ArticleFactory(draft=True)
    url = reverse("admin:articles_article_change", args=[article.pk])
    forms = [form_data(client.get(url)) for client in editor_clients]
    for index, form in enumerate(forms):
        form["standfirst"] = f"Standfirst of editor {index}"
    winner = assert_one_winner(race(editor_clients, url, forms), lambda index: f"Standfirst of editor {index}")
    assert Article.objects.get(pk=article.pk).standfirst == f"Standfirst of editor {winner}"


@pytest.mark.django_db(transaction=True)
def test_racing_quote_saves(editor_clients):
    quote = QuoteFactory(article=ArticleFactory(draft=True))
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    forms = [form_data(client.get(url)) for client in editor_clients]
    for index, form in enumerate(forms):
        form["location"] = f"Room {index}"
    winner = assert_one_winner(race(editor_clients, url, forms), lambda index: f"Room {index}")
    assert Quote.objects.get(pk=quote.pk).location == f"Room {winner}"


@pytest.mark.django_db(transaction=True)
def test_racing_saves_of_a_quote_in_the_article_inline(editor_clients):
    quote = QuoteFactory(article=ArticleFactory(draft=True))
    url = reverse("admin:articles_article_change", args=[quote.article.pk])
    forms = [form_data(client.get(url)) for client in editor_clients]
    for index, form in enumerate(forms):
        form["quotes-0-location"] = f"Hall {index}"
    winner = assert_one_winner(race(editor_clients, url, forms), lambda index: f"Hall {index}")
    assert Quote.objects.get(pk=quote.pk).location == f"Hall {winner}"
