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
from functools import partial, wraps

from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.html import escape
from django.utils.http import parse_http_date_safe
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from archive.budget import is_too_expensive, too_expensive_response

from .landing import endpoints, landing
from .routes import articles, captures, catalog, entities, statements

NAMESPACE = "interop:api"
# Swagger UI's files ship with django-ninja (pinned in requirements.in); as static files
# ("ninja" is in INSTALLED_APPS) they are compressed and cached for good by WhiteNoise, and
# the docs page works offline under a strict "default-src 'self'" CSP (no CDN, no inline script).
DOCS_ASSETS = ("ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js")


class LocalSwagger(DocsBase):
    def render_page(self, request, api, **kwargs):
        schema = reverse(f"{NAMESPACE}:openapi-json")
        css, bundle, init = (static(name) for name in DOCS_ASSETS)
        settings = {
            "url": schema,
            "layout": "BaseLayout",
            "deepLinking": True,
            # Operations folded and no separate schemas section: Swagger UI then renders in a
            # fraction of the time (each operation still shows its schemas when opened).
            "docExpansion": "list",
            "defaultModelsExpandDepth": -1,
        }
        config = json.dumps(settings).replace("<", "\\u003c")
        # Until Swagger UI has loaded (or without JavaScript), the page shows the endpoints at once.
        rows = "".join(f"<li><code>{escape(path)}</code> {escape(summary)}</li>" for path, summary in endpoints(api))
        # The settings travel in a JSON data block that swagger-ui-init.js reads: no inline code runs.
        html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(api.title)}</title>
<link rel="icon" href="{static("archive/favicon.svg")}" type="image/svg+xml">
<link rel="stylesheet" href="{css}">
</head>
<body>
<script type="application/json" id="swagger-settings">{config}</script>
<div id="swagger-ui"><div class="wrapper"><h1>{escape(api.title)}</h1>
<p>{escape(api.description)} The <a href="{schema}">OpenAPI schema</a> describes every endpoint.</p>
<ul>{rows}</ul><p>Loading the interactive documentation…</p></div></div>
<script src="{bundle}" defer></script>
<script src="{init}" defer></script>
</body>
</html>
"""
        return HttpResponse(html)


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
    """``api.urls`` with every view wrapped by ``_http``; /api/ itself is the landing page."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name == "api-root":
            pattern.callback = partial(landing, api=api, namespace=NAMESPACE)  # django-ninja's own root answers 404
        pattern.callback = _http(pattern.callback)
    return patterns, app_name, namespace
