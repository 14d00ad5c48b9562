import django_filters

from newsroom.filters import SearchFilter, StableOrderingFilter, country_filter, updated_since_filter

from .models import Actor, ActorKind


class ActorFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices, empty_label="Any kind", label="Kind of actor.")
    country = country_filter(label="ISO 3166 alpha-2 code of the actor's country, e.g. FR.")
    updated_since = updated_since_filter()
    ordering = StableOrderingFilter(
        fields=[("name", "name"), ("updated_at", "updated_at")],
        label="Sort by name or updated_at; prefix with - for descending.",
    )

    class Meta:
        model = Actor
        fields: list[str] = []
