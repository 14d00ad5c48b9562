import datetime

from django.db import models
from django.db.models import Q

from newsroom.dates import ends_on_or_after
from newsroom.text import normalize_name


class ActorQuerySet(models.QuerySet):
    def matching_name(self, name: str) -> "ActorQuerySet":
        """Actors whose name or one of whose aliases normalizes like `name`."""
        key = normalize_name(name)
        return self.filter(Q(name_normalized=key) | Q(aliases__normalized=key)).distinct()


class AffiliationQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "AffiliationQuerySet":
        """
        Affiliations that may hold on `day`: started on or before it (or start
        unknown) and not ended before it (or end unknown). A month- or year-precise
        end covers its whole period (newsroom.dates.ends_on_or_after).
        """
        ends_after = Q(end_date__isnull=True) | ends_on_or_after(day)
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day), ends_after)
