from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Pages we do not write ourselves and that set inline style attributes.
INLINE_STYLE_PREFIXES = ("/admin/", "/api/docs/")


class NewsroomCSPMiddleware(CSPMiddleware):
    """The site's strict policy; the admin and the API docs may also use inline styles (never scripts)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(INLINE_STYLE_PREFIXES):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts


MISSING_KEY = (
    "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development (make run does this)."
)


def require_secret_key() -> None:
    """Refuse to serve without a secret key (settings leave it empty when none is given)."""
    try:
        settings.SECRET_KEY  # noqa: B018  (Django refuses an empty key when it is read)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(MISSING_KEY) from None
