"""Requests refused before any view runs, and the project's 404 page when DEBUG is on."""

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse

NUL = "\x00"
NUL_REASON = "The address contains a NUL character (%00), which no page or filter accepts."


def nul_problems(request) -> dict[str, list[str]]:
    """{parameter: [message]} for each query parameter holding a NUL byte ("detail" for the path or a name)."""
    problems = {}
    if NUL in request.path:
        problems["detail"] = [NUL_REASON]
    for key, values in request.GET.lists():
        if NUL in key:
            problems["detail"] = [NUL_REASON]
        elif any(NUL in value for value in values):
            problems[key] = ["Contains a NUL character (%00), which is not accepted."]
    return problems


class RejectNulMiddleware:
    """
    A NUL byte cannot be stored in a PostgreSQL string, so one reaching a filter
    would fail deep inside a query. Answer 400 here instead, for every page, the
    admin and the API alike (JSON under /api/), on every database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problems = nul_problems(request)
        if problems:
            if request.path.startswith("/api/"):
                # The API's documented error shape: each parameter with its messages.
                return JsonResponse(problems, status=400)
            response = TemplateResponse(request, "400.html", {"reason": NUL_REASON}, status=400)
            return response.render()
        return self.get_response(request)


class ProjectNotFoundMiddleware:
    """
    With DEBUG on (as `make run` serves), Django answers a missing page with its
    technical 404 (the address patterns tried), which a new user takes for a broken
    site. This answers with the project's own 404 instead: its page, or JSON under
    /api/. The admin keeps Django's, for developers; JSON 404s of the API are left as
    they are. With DEBUG off, Django uses the project's handler404 itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "project_page", False)
            and not request.path.startswith("/admin/")
        ):
            from .views import not_found  # the pages import models: not at start-up

            return not_found(request)
        return response
