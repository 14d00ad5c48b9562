"""Requests refused before any view runs."""

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
