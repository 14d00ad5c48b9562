from django.db import models
from django.db.models import Q

from newsroom.text import normalize_name


class ActorQuerySet(models.QuerySet):
    def matching_name(self, name):
        """Actors whose name or one of whose aliases normalizes like `name`."""
        key = normalize_name(name)
        return self.filter(Q(name_normalized=key) | Q(aliases__normalized=key)).distinct()


class AffiliationQuerySet(models.QuerySet):
    def valid_on(self, day):
        """
        Affiliations that may hold on `day`: started on or before it (or start
        unknown) and not ended before it (or end unknown). A month- or year-precise
        end covers its whole period, so the test on the end date is done with the
        period's first day against `day` truncated to the same period: in SQL, an
        end stored as 2018-12-01 at month precision still holds on 2018-12-31.
        """
        ends_after = (
            Q(end_date__isnull=True)
            | Q(end_precision="day", end_date__gte=day)
            | Q(end_precision="month", end_date__gte=day.replace(day=1))
            | Q(end_precision="year", end_date__gte=day.replace(month=1, day=1))
        )
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day), ends_after)
