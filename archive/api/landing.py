"""/api/: what the JSON API offers, with links to its interactive docs and OpenAPI schema."""

from __future__ import annotations

from functools import lru_cache

from django.shortcuts import render
from django.urls import reverse


@lru_cache(maxsize=1)
def endpoints() -> tuple[tuple[str, str], ...]:
    """(path, summary) for every GET route, in the schema's order (computed once)."""
    from . import api

    schema = api.get_openapi_schema()
    return tuple(
        (path, operation.get("summary", ""))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method == "get"
    )


def landing(request):
    from . import NAMESPACE, api

    return render(
        request,
        "archive/api_landing.html",
        {
            "title": api.title,
            "description": api.description,
            "docs_url": reverse(f"{NAMESPACE}:openapi-view"),
            "schema_url": reverse(f"{NAMESPACE}:openapi-json"),
            "endpoints": endpoints(),
        },
    )
