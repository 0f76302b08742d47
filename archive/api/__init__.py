"""The read-only JSON API under /api/ (django-ninja), with its OpenAPI schema at /api/openapi.json.

Every API response goes through ``_http``: HEAD is answered as GET, CORS
lets any origin read (the data is public and nothing accepts writes), and
each 200 answer carries an ETag over its exact bytes, so a conditional GET
(If-None-Match, or If-Modified-Since where a route sets Last-Modified) gets
304 Not Modified.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import wraps
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpResponse
from django.urls import path, reverse
from django.utils.cache import get_conditional_response
from django.utils.html import escape
from django.utils.http import parse_http_date_safe
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from archive.budget import is_too_expensive, too_expensive_response

from .routes import articles, captures, catalog, entities, statements

NAMESPACE = "interop:api"
# Swagger UI's files ship with django-ninja; serving them from here keeps the
# docs page working under a strict "default-src 'self'" CSP (no CDN, no inline script).
_DOCS_ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
_DOCS_FILES = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
}


class LocalSwagger(DocsBase):
    def render_page(self, request, api, **kwargs):
        schema = reverse(f"{NAMESPACE}:openapi-json")

        def asset(name):
            return reverse(f"{NAMESPACE}:docs-asset", args=[name])

        config = json.dumps({"url": schema, "layout": "BaseLayout", "deepLinking": True}).replace("<", "\\u003c")
        # The settings travel in a JSON data block that swagger-ui-init.js reads: no inline code runs.
        html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(api.title)}</title>
<link rel="stylesheet" href="{asset("swagger-ui.css")}">
</head>
<body>
<script type="application/json" id="swagger-settings">{config}</script>
<div id="swagger-ui"></div>
<script src="{asset("swagger-ui-bundle.js")}"></script>
<script src="{asset("swagger-ui-init.js")}"></script>
</body>
</html>
"""
        return HttpResponse(html)


def docs_asset(request, name):
    if name not in _DOCS_FILES:
        raise Http404("No such file.")
    response = FileResponse(open(_DOCS_ASSETS / name, "rb"), content_type=_DOCS_FILES[name])  # noqa: SIM115
    response["Cache-Control"] = "public, max-age=86400"
    return response


api = NinjaAPI(
    title="Newsroom Archive API",
    version="1",
    description="Read-only access to the archive's articles, captures, tags, sources, entities and statements.",
    urls_namespace=NAMESPACE,
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
for module in (articles, captures, entities, statements, catalog):
    api.add_router("/", module.router)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    """A JSON client gets JSON for every answer: 422 when the request ran out
    of database budget (``archive.budget``), else a 500 without internals,
    logged with its traceback as Django logs any server error."""
    if is_too_expensive(exc):
        return too_expensive_response(request)
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500, "request": request}
    )
    return api.create_response(request, {"detail": "Server error: the archive could not answer."}, status=500)


def _http(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # ninja routes are declared for GET only
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if response.status_code == 200 and not response.streaming:
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
            response["Cache-Control"] = "public, max-age=60"
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            response = get_conditional_response(
                request, etag=response["ETag"], last_modified=last_modified, response=response
            )
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Repr-Digest"
        return response

    return wrapped


def api_urls():
    """``api.urls`` with every view wrapped by ``_http``, plus the docs assets."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _http(pattern.callback)
    patterns.append(path("docs/assets/<str:name>", docs_asset, name="docs-asset"))
    return patterns, app_name, namespace
