"""
A NUL byte in any query parameter (name or value) or in the path of any address the
project routes: 400, never a server error, on both databases. The addresses come from
the URL configuration itself and the parameter names from every FilterSet plus the
pages' and the admin's own, so a new address or filter is covered without a new test.
"""

import re
from urllib.parse import quote as urlquote

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import articles.filters
from actors.models import Actor
from articles.models import Article, NegotiationProcess, NegotiationRound, Quote

pytestmark = pytest.mark.django_db

# Parameters read outside FilterSets: pages (search, actor, round), pagination, the admin.
OTHER_PARAMETERS = [
    "q",
    "type",
    "sort",
    "page",
    "page_size",
    "cursor",
    "ordering",
    "round",
    "format",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "next",
]


def parameter_names():
    names = set(OTHER_PARAMETERS)
    for value in vars(articles.filters).values():
        if isinstance(value, type) and issubclass(value, django_filters.FilterSet):
            names.update(value.base_filters)
    return sorted(names)


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def addresses(samples):
    """One concrete address per URL pattern, with the demo's records where the pattern names one."""
    found = set()
    for pattern in _patterns(get_resolver().url_patterns):
        path = pattern.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
        path = re.sub(r"\(\?P<format>[^)]*\)", "", path)
        if "(" in path or "[" in path:  # a regex with groups: its own converters below
            path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: f"<str:{m.group(1)}>", path)
            path = re.sub(r"\([^)]*\)", "1", path)
        resource = next((segment for segment in reversed(path.split("/")) if segment in samples), "")
        for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", path):
            value = samples.get(resource, {}).get(name) or ("1" if kind == "int" else "x")
            path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
        found.add("/" + path)
    return sorted(found)


@pytest.fixture
def samples(demo):
    article = Article.objects.first()
    return {
        "articles": {"slug": article.slug},
        "quotes": {"pk": Quote.objects.first().pk},
        "actors": {"slug": Actor.objects.first().slug},
        "rounds": {"slug": NegotiationRound.objects.first().slug},
        "processes": {"slug": NegotiationProcess.objects.first().slug},
        "article": {"object_id": article.pk},
    }


def test_every_address_and_parameter_answers_400_to_a_nul_byte(client, admin_client, samples):
    names = parameter_names()
    urls = addresses(samples)
    assert len(urls) > 30 and len(names) > 30
    failures = []
    for url in urls:
        browser = admin_client if url.startswith("/admin/") else client
        for query in [*(f"{name}=a%00b" for name in names), "na%00me=1"]:
            status = browser.get(f"{url}?{query}").status_code
            if status != 400:
                failures.append((url, query, status))
    assert failures == []


def test_a_nul_byte_in_the_path_is_a_bad_request(client, samples):
    assert client.get("/actors/" + urlquote("x\x00y") + "/").status_code == 400


def test_the_api_explains_the_refusal_in_json(client):
    response = client.get("/api/v1/quotes/?speaker=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["speaker"][0]


def test_pages_explain_the_refusal_on_the_site_page(client, samples):
    response = client.get(f"/actors/{samples['actors']['slug']}/?round=%00")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
