from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients, limited to settings.API_ANON_RATE (read per request)."""

    def get_rate(self):
        return settings.API_ANON_RATE
