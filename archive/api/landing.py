"""/api/: what the JSON API offers, with links to its interactive docs and OpenAPI schema."""

from __future__ import annotations

from functools import lru_cache

from django.shortcuts import render
from django.urls import reverse


@lru_cache(maxsize=4)
def endpoints(api) -> tuple[tuple[str, str], ...]:
    """(path, summary) for every GET route of ``api``, in the schema's order (computed once)."""
    schema = api.get_openapi_schema()
    return tuple(
        (path, operation.get("summary", ""))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method == "get"
    )


def landing(request, api, namespace: str):
    """The page at /api/; ``api_urls`` passes the API and its URL namespace (this module never imports the package
    that includes it)."""
    return render(
        request,
        "archive/api_landing.html",
        {
            "title": api.title,
            "description": api.description,
            "docs_url": reverse(f"{namespace}:openapi-view"),
            "schema_url": reverse(f"{namespace}:openapi-json"),
            "endpoints": endpoints(api),
        },
    )
