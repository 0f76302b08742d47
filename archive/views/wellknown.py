"""Files crawlers and browsers look for: /robots.txt, /favicon.ico and the OpenSearch description."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # TimeGates only redirect to capture pages, which crawlers reach anyway.
        "Disallow: /timegate/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('interop:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def opensearch(request):
    """Lets browsers add the archive's search (linked from every page by <link rel="search">)."""
    return render(
        request,
        "archive/opensearch.xml",
        {"base": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@lru_cache(maxsize=1)
def _favicon() -> bytes:
    return (settings.BASE_DIR / "static" / "archive" / "favicon.ico").read_bytes()


def favicon(request):
    """/favicon.ico, asked for by browsers on pages that link no icon (pages link favicon.svg)."""
    response = HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
