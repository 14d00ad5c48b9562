from django.core.validators import slug_re
from rest_framework.exceptions import NotFound

# Any segment reaches the view, so a malformed slug gets the API's JSON 404.
SLUG_LOOKUP_REGEX = "[^/]+"


class SlugLookupMixin:
    """Answer 404 for a lookup value that cannot be a slug, before it reaches the database."""

    def get_object(self):
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if not slug_re.match(value):
            raise NotFound("No public record with this slug.")
        return super().get_object()
