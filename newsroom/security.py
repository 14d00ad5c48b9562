from csp.middleware import CSPMiddleware

# Pages we do not write ourselves and that set inline style attributes.
INLINE_STYLE_PREFIXES = ("/admin/", "/api/docs/")


class NewsroomCSPMiddleware(CSPMiddleware):
    """The site's strict policy; the admin and the API docs may also use inline styles (never scripts)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(INLINE_STYLE_PREFIXES):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts
