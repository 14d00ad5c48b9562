"""Editorial notes (public), internal notes (staff with permission only) and sources on rounds and processes."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from articles.interchange import ImportFailed, records_export, records_import
from articles.models import NegotiationRound, RoundSource
from tests.admin.forms import form_data
from tests.factories import ProcessFactory, RoundFactory

pytestmark = pytest.mark.django_db

SECRET = "INTERNAL-NOTE-SENTINEL-4c1e"


@pytest.fixture
def noted_round():
    round_ = RoundFactory(editorial_note="Dates moved twice before the talks opened.", internal_note=SECRET)
    RoundSource.objects.create(
        round=round_, kind="agreement_text", title="Final communiqué", url="https://example.org/communique"
    )
    return round_


@pytest.fixture
def researcher(django_user_model):
    """Staff who may edit rounds but not see confidential or internal notes."""
    user = django_user_model.objects.create_user(username="researcher", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_negotiationround", "change_negotiationround", "view_negotiationprocess"]
        )
    )
    return user


def test_the_round_page_shows_the_editorial_note_and_sources_never_the_internal_note(client, noted_round):
    page = client.get(noted_round.get_absolute_url()).content.decode()
    assert "Dates moved twice before the talks opened." in page
    assert '<a href="https://example.org/communique" rel="external">Final communiqué</a>' in page
    assert SECRET not in page


def test_the_process_page_shows_its_note_and_sources(client):
    process = ProcessFactory(editorial_note="Three tracks ran at once.", internal_note=SECRET)
    process.sources.create(kind="pax", title="PA-X process record", url="https://example.org/pax/1")
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Three tracks ran at once." in page and "PA-X process record" in page
    assert SECRET not in page


def test_the_api_gives_note_and_sources_never_the_internal_note(client, noted_round):
    response = client.get(f"/api/v1/rounds/{noted_round.slug}/")
    data = response.json()
    assert data["editorial_note"] == "Dates moved twice before the talks opened."
    assert data["sources"] == [
        {"kind": "agreement_text", "title": "Final communiqué", "url": "https://example.org/communique"}
    ]
    assert SECRET not in response.content.decode()
    assert SECRET not in client.get("/api/v1/rounds/").content.decode()


def test_export_leaves_the_internal_note_out_unless_asked(noted_round):
    [record] = [r for r in records_export()["rounds"] if r["slug"] == noted_round.slug]
    assert "internal_note" not in record
    assert record["sources"][0]["title"] == "Final communiqué"
    [record] = [r for r in records_export(include_confidential=True)["rounds"] if r["slug"] == noted_round.slug]
    assert record["internal_note"] == SECRET


def test_the_records_format_round_trips_notes_and_sources(noted_round):
    exported = records_export(include_confidential=True)
    RoundSource.objects.all().delete()
    NegotiationRound.objects.filter(pk=noted_round.pk).update(editorial_note="", internal_note="")
    records_import(data=exported)
    noted_round.refresh_from_db()
    assert (noted_round.editorial_note, noted_round.internal_note) == (
        "Dates moved twice before the talks opened.",
        SECRET,
    )
    assert [s.title for s in noted_round.sources.all()] == ["Final communiqué"]


def test_an_import_without_the_permission_is_refused_on_the_internal_note(noted_round, researcher):
    exported = records_export(include_confidential=True)
    exported = {"processes": exported["processes"], "rounds": exported["rounds"]}
    with pytest.raises(ImportFailed) as raised:
        records_import(data=exported, user=researcher)
    assert {(p.field, p.message) for p in raised.value.problems} == {
        ("internal_note", "your role may not write internal notes")
    }


def test_staff_without_permission_never_see_the_internal_note_in_the_admin(client, researcher, noted_round):
    client.force_login(researcher)
    page = client.get(reverse("admin:articles_negotiationround_change", args=[noted_round.pk])).content.decode()
    assert SECRET not in page
    assert 'name="internal_note"' not in page


def test_staff_without_permission_cannot_overwrite_the_internal_note(client, researcher, noted_round):
    client.force_login(researcher)
    url = reverse("admin:articles_negotiationround_change", args=[noted_round.pk])
    data = form_data(client.get(url))
    data["internal_note"] = "overwritten"
    data["outcome"] = "A communiqué was agreed."
    assert client.post(url, data).status_code == 302
    noted_round.refresh_from_db()
    assert (noted_round.internal_note, noted_round.outcome) == (SECRET, "A communiqué was agreed.")


def test_the_export_command_writes_internal_notes_only_with_the_flag(noted_round, tmp_path):
    path = tmp_path / "out.json"
    call_command("export_records", "--output", str(path), stdout=io.StringIO())
    assert SECRET not in path.read_text(encoding="utf-8")
    call_command("export_records", "--output", str(path), "--include-confidential", stdout=io.StringIO())
    assert SECRET in path.read_text(encoding="utf-8")
