"""Files crawlers and browsers look for: /robots.txt and the OpenSearch description."""

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
