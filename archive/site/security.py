"""Response headers that keep archived content inert in the browser.

Articles come from the open web, so anything in them (a title, a tag, a
quote) may carry markup meant to run. Templates escape it; this policy is
the second wall: the browser runs no inline script, no script from another
origin, no plugin, and the page cannot be framed or post forms elsewhere.
Django's SecurityMiddleware already sends X-Content-Type-Options,
Referrer-Policy, Cross-Origin-Opener-Policy and (over HTTPS) HSTS, and
XFrameOptionsMiddleware sends X-Frame-Options; this adds the rest.

The admin needs nothing looser: since Django 4 its templates carry no
inline script or style attribute (configuration travels in data-*
attributes and <script type="application/json">, which never executes).
"""

from __future__ import annotations

from django.conf import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

# Powerful features an archive of articles never uses. Only names Chromium
# recognises: unknown ones are reported as console errors.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy, Permissions-Policy and X-Frame-Options to every response.

    A view that needs another policy sets its own header; it is kept."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)
        self.permissions = getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        # XFrameOptionsMiddleware sits innermost, so answers made before it runs
        # (405 from the read-only guard, 400 for a bad Host) would go without.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
