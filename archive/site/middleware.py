"""The public archive is read-only: it answers GET and HEAD, nothing else.

One exception, which opens nothing: a CORS preflight (OPTIONS asking
whether a cross-origin GET or HEAD may follow) on the machine-facing read
routes (the JSON API and Memento), so a page elsewhere can send
``Accept-Datetime`` to a TimeGate or ``If-None-Match`` to the API. The
preflight answers 204 and runs no view; every other OPTIONS, and every
other method anywhere, still gets 405.
"""

from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.template import loader

from archive.controls import has_controls, strip_controls

SAFE_METHODS = ("GET", "HEAD")
# Curators log in and edit in the admin; nothing else accepts writes.
WRITABLE_PREFIXES = ("/admin/",)
# Read-only routes that other sites' scripts may call (they already send
# Access-Control-Allow-Origin: * on GET).
CORS_PREFIXES = ("/api/", "/timegate/", "/timemap/")
CORS_HEADERS = ("Accept", "Accept-Datetime", "Accept-Language", "If-Modified-Since", "If-None-Match")
CORS_MAX_AGE = 86400


def is_preflight(request) -> bool:
    method = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "")
    return request.method == "OPTIONS" and method.upper() in SAFE_METHODS and request.path.startswith(CORS_PREFIXES)


def preflight_response() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
    response["Access-Control-Allow-Headers"] = ", ".join(CORS_HEADERS)
    response["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
    return response


class ReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS and not request.path.startswith(WRITABLE_PREFIXES):
            if is_preflight(request):
                return preflight_response()
            response = HttpResponseNotAllowed(
                SAFE_METHODS,
                loader.render_to_string("405.html", {"method": request.method}, request),
            )
            return response
        return self.get_response(request)


MAX_VALUES_PER_PARAMETER = 20  # ?tag=a&tag=b...: each value is a join or a lookup


class CleanRequestMiddleware:
    """Request parameters lose their control characters before any view
    reads them (``?q=%00`` is an empty search, not a database error); a path
    holding one names nothing in the archive: 404. A parameter repeated more
    than ``MAX_VALUES_PER_PARAMETER`` times gets 400 with a clear message
    (500 tags made one statement query "too large"; 160 ran a minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        crowded = next((k for k, v in request.GET.lists() if len(v) > MAX_VALUES_PER_PARAMETER), None)
        if crowded is not None:
            return _too_many_values(request, strip_controls(crowded))
        if has_controls(request.path_info):
            if request.path_info.startswith("/api/"):
                # As the API answers any 404.
                return JsonResponse({"detail": "Not Found"}, status=404, content_type="application/json; charset=utf-8")
            raise Http404("No such page.")
        if request.META.get("QUERY_STRING") and any(has_controls(v) for v in _values(request.GET)):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(strip_controls(key), [strip_controls(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


def _too_many_values(request, name: str):
    message = f"At most {MAX_VALUES_PER_PARAMETER} values of one parameter (“{name}”) are accepted."
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400, content_type="application/json; charset=utf-8")
    context = {"heading": "Too many values", "message": message}
    return HttpResponse(loader.render_to_string("archive/too_expensive.html", context, request), status=400)


def _values(query):
    for key, values in query.lists():
        yield key
        yield from values
