"""Relay chains: the intermediaries between a speaker and the outlet that carried the words last."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actors.services import actor_merge
from articles.interchange import ImportFailed, records_export, records_import
from articles.models import Quote, RelayStep
from articles.services import quote_set_relay_chain
from tests.admin.forms import form_data
from tests.factories import ActorFactory, QuoteFactory

pytestmark = pytest.mark.django_db

BODY = "The minister briefed officials, who then told Reuters the talks would resume."


def document(chain):
    return {
        "actors": [
            {"slug": "minister", "name": "Karl Brenner", "kind": "person"},
            {"slug": "reuters", "name": "Reuters", "kind": "media"},
            {"slug": "ministry", "name": "Foreign ministry", "kind": "government"},
        ],
        "articles": [
            {
                "slug": "briefing",
                "headline": "Talks to resume",
                "body": BODY,
                "status": "published",
                "published_at": "2022-10-07",
                "quotes": [
                    {
                        "text": "the talks would resume",
                        "kind": "paraphrase",
                        "speaker": "minister",
                        "via": "reuters",
                        "relay_chain": chain,
                    }
                ],
            }
        ],
    }


OFFICIALS = [{"actor": None, "label": "officials"}]


def stored_chain():
    return [(step.actor.slug if step.actor else None, step.label) for step in RelayStep.objects.order_by("position")]


def test_a_new_quote_imports_with_its_chain():
    records_import(data=document(OFFICIALS))
    assert stored_chain() == [(None, "officials")]


def test_the_chain_round_trips_in_order():
    chain = [{"actor": "ministry", "label": ""}, {"actor": None, "label": "officials"}]
    records_import(data=document(chain))
    [quote] = records_export()["articles"][0]["quotes"]
    assert quote["relay_chain"] == chain


def test_a_changed_chain_replaces_the_stored_one_and_counts_as_an_update():
    records_import(data=document(OFFICIALS))
    report = records_import(data=document([{"actor": "ministry", "label": ""}]))
    assert stored_chain() == [("ministry", "")]
    assert report.counts["quotes"] == {"created": 0, "updated": 1, "unchanged": 0}


def test_the_same_chain_again_changes_nothing():
    records_import(data=document(OFFICIALS))
    report = records_import(data=document(OFFICIALS))
    assert not report.changed


def test_a_step_with_neither_actor_nor_label_is_refused():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document([{"actor": None, "label": " "}]))
    assert [p.message for p in raised.value.problems] == ["name the intermediary: an actor slug or a label"]


def test_an_unknown_actor_in_a_chain_is_refused_naming_the_step():
    with pytest.raises(ImportFailed) as raised:
        records_import(data=document([{"actor": "nobody", "label": ""}]))
    assert [(p.where, p.field) for p in raised.value.problems] == [
        ('articles[0] "briefing" › quotes[0] › relay_chain[0]', "actor")
    ]


def test_the_database_refuses_an_unnamed_step():
    quote = QuoteFactory()
    with pytest.raises(ValidationError):
        RelayStep(quote=quote, position=1).full_clean()


def test_the_quote_page_shows_the_chain_then_the_outlet(client):
    records_import(data=document(OFFICIALS))
    page = client.get(Quote.objects.get().get_absolute_url()).content.decode()
    assert 'officials, then <a href="/actors/reuters/">Reuters</a>' in page


def test_the_api_gives_the_chain_in_order(client):
    records_import(data=document([{"actor": "ministry", "label": ""}, {"actor": None, "label": "officials"}]))
    data = client.get(f"/api/v1/quotes/{Quote.objects.get().pk}/").json()
    assert [(s["actor"]["slug"] if s["actor"] else None, s["label"]) for s in data["relay_chain"]] == [
        ("ministry", ""),
        (None, "officials"),
    ]
    assert data["via"]["slug"] == "reuters"


def test_the_csv_gives_the_chain(client):
    records_import(data=document(OFFICIALS))
    lines = client.get("/search/quotes.csv?q=resume").getvalue().decode().splitlines()
    column = lines[0].split(",").index("relayed through")
    assert [line.split(",")[column] for line in lines[1:]] == ["officials"]


def test_merge_keeps_the_chain_pointing_at_the_kept_actor():
    records_import(data=document([{"actor": "ministry", "label": ""}]))
    ministry = RelayStep.objects.get().actor
    kept = ActorFactory(name="Ministry of Foreign Affairs", kind="government")
    actor_merge(keep=kept, merge=ministry)
    assert stored_chain() == [(kept.slug, "")]


def test_a_reporter_cannot_change_the_chain_of_a_published_quote(django_user_model):
    records_import(data=document(OFFICIALS))
    reporter = django_user_model.objects.create_user(username="reporter", password="pw")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    with pytest.raises(PermissionDenied, match="Only editors"):
        quote_set_relay_chain(quote=Quote.objects.get(), steps=[(None, "a diplomat")], user=reporter)
    assert stored_chain() == [(None, "officials")]


def test_the_quote_admin_edits_the_chain(admin_client):
    records_import(data=document(OFFICIALS))
    quote = Quote.objects.get()
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_data(admin_client.get(url))
    data["relay_steps-0-label"] = "senior officials"
    assert admin_client.post(url, data).status_code == 302
    assert stored_chain() == [(None, "senior officials")]
