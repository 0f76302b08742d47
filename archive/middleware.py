"""The public archive is read-only: it answers GET and HEAD, nothing else."""

from django.http import HttpResponseNotAllowed
from django.template import loader

SAFE_METHODS = ("GET", "HEAD")
# Curators log in and edit in the admin; nothing else accepts writes.
WRITABLE_PREFIXES = ("/admin/",)


class ReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS and not request.path.startswith(WRITABLE_PREFIXES):
            response = HttpResponseNotAllowed(
                SAFE_METHODS,
                loader.render_to_string("405.html", {"method": request.method}, request),
            )
            return response
        return self.get_response(request)
