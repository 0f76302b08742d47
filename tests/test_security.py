"""Read-only and locked down: every public URL answers GET and HEAD only; the
admin needs a login and slows down guessing; `check --deploy` is clean with
production settings; security headers are on every response; error pages are
the archive's own and never show a stack trace."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from archive.models import Article, Entity
from archive.site.security import CONTENT_SECURITY_POLICY
from tests.conftest import PROJECT
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
GUARD_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "login_guard": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "guard-tests"},
}


# --- a URLconf with views that fail, for the error pages -------------------------------------------


def _boom(request):
    raise RuntimeError("secret internals: /srv/archive/settings.py SECRET_KEY=xyz")


def _forbidden(request):
    raise PermissionDenied("no")


def _suspicious(request):
    raise SuspiciousOperation("bad input")


urlpatterns = [
    path("test-errors/boom/", _boom),
    path("test-errors/forbidden/", _forbidden),
    path("test-errors/suspicious/", _suspicious),
    path("", include("archive.site.urls")),
]
handler400 = "archive.views.errors.bad_request"
handler403 = "archive.views.errors.permission_denied"
handler404 = "archive.views.errors.page_not_found"
handler500 = "archive.views.errors.server_error"


# --- every public URL --------------------------------------------------------------------------------


@pytest.fixture
def archive():
    article = make_article("Border talks", tags=("Politics",), url="https://example.org/border-talks")
    entity = Entity.objects.create(name="Ana Petrova", slug="ana-petrova", kind="person", key="ana petrova")
    return {
        "pk": article.pk,
        "capture_pk": article.captures.get().pk,
        "slug": article.slug,
        "slugs": "politics",
        "url": "example.org/border-talks",
        "ext": "bib",
        "section": "articles",
        "source": article.source.slug,
        "entity": entity.slug,
    }


def public_patterns(resolver=None, prefix=""):
    """(route, URLPattern) for every URL of the site except the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from public_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def concrete(route: str, values: dict) -> str:
    """Fill a route's parameters with values that exist in the test archive."""

    def fill(match):
        name = match.group(2)
        if name == "slug":
            if "source" in route:
                return str(values["source"])
            if "entit" in route:
                return str(values["entity"])
        if name.endswith("_id"):  # the API's article_id and the like
            return str(values["pk"])
        return str(values.get(name, "x"))

    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def test_the_site_has_many_public_urls(archive):
    urls = [concrete(route, archive) for route, _ in public_patterns()]
    assert "/" in urls and "/search/" in urls and f"/articles/{archive['pk']}/captures/{archive['capture_pk']}/" in urls
    assert len(urls) >= 15


def test_every_public_url_answers_get_and_head_only(client, archive):
    before = (Article.objects.count(), Entity.objects.count())
    for route, _ in public_patterns():
        url = concrete(route, archive)
        get = client.get(url)
        assert get.status_code < 500 and get.status_code != 405, (url, get.status_code)
        head = client.head(url)
        assert head.status_code == get.status_code, url
        assert head.content == b"", url
        for method in WRITE_METHODS:
            response = client.generic(
                method, url, data="title=hacked", content_type="application/x-www-form-urlencoded"
            )
            assert response.status_code == 405, (method, url)
            assert response["Allow"] == "GET, HEAD"
            assert "Content-Security-Policy" in response
        # The one exception: a CORS preflight for a GET, on the API and Memento routes only.
        origin = "https://elsewhere.example"
        preflight = client.options(url, HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
        machine = url.startswith(("/api/", "/timegate/", "/timemap/"))
        assert preflight.status_code == (204 if machine else 405), url
        assert preflight.get("Access-Control-Allow-Methods") == ("GET, HEAD" if machine else None), url
        post = client.options(url, HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
        assert post.status_code == 405, url
    assert (Article.objects.count(), Entity.objects.count()) == before


# --- the admin ---------------------------------------------------------------------------------------


def test_admin_requires_login(client):
    for url in ("/admin/", "/admin/archive/article/", "/admin/archive/capture/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/admin/login/?next={url}"


@pytest.fixture
def curator():
    # A private, empty cache: counts must not leak between tests or concurrent test runs.
    with override_settings(CACHES=GUARD_CACHES):
        caches["login_guard"].clear()
        yield User.objects.create_superuser("curator", "curator@example.org", "correct horse battery")


def login(client, username, password, address="203.0.113.5"):
    data = {"username": username, "password": password, "next": "/admin/"}  # as the login form posts it
    return client.post("/admin/login/", data, REMOTE_ADDR=address)


def test_failed_logins_for_one_user_are_rate_limited(client, curator):
    for _ in range(5):
        response = login(client, "curator", "wrong")
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in response.content.decode()
    blocked = login(client, "curator", "correct horse battery")
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "900"
    assert "Too many failed logins" in blocked.content.decode()
    # Case and spacing do not make a new username; another address does not help.
    assert login(client, " Curator", "wrong", address="198.51.100.7").status_code == 429
    # Nor does a compatibility form the login form folds to the same user (NFKC): "ｃurator".
    assert login(client, "\uff43urator", "correct horse battery", address="198.51.100.8").status_code == 429
    assert "_auth_user_id" not in client.session


def test_failed_logins_from_one_address_are_rate_limited(client, curator):
    for n in range(20):
        assert login(client, f"guess{n}", "wrong").status_code == 200
    assert login(client, "curator", "correct horse battery").status_code == 429
    # The curator, elsewhere, still gets in.
    response = login(client, "curator", "correct horse battery", address="198.51.100.7")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_few_mistakes_do_not_lock_out(client, curator):
    for _ in range(4):
        login(client, "curator", "wrong")
    response = login(client, "curator", "correct horse battery")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


# --- production settings -----------------------------------------------------------------------------


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "DEBUG", "PYTEST", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="archive.site.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="archive.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
        SECURE_PROXY_SSL_HEADER="1",
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "System check identified no issues (0 silenced).\n", "")


@pytest.mark.parametrize("production", [{"DJANGO_ENV": "production"}, {"DEBUG": "0"}])
def test_production_refuses_to_start_without_a_secret_key(production):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="archive.site.settings", **production)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in done.stderr


# --- headers -----------------------------------------------------------------------------------------


def test_policy_is_the_documented_one():
    assert CONTENT_SECURITY_POLICY == CSP


@pytest.mark.parametrize("url", ["/", "/articles/", "/no-such-page/", "/admin/login/", "/static/archive/archive.css"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"].startswith("accelerometer=(), camera=(), geolocation=()")
    assert "Strict-Transport-Security" not in response  # plain HTTP: HSTS would be ignored, or worse, sticky
    if response["Content-Type"].startswith("text/html"):
        assert response["X-Frame-Options"] == "DENY"


def test_hsts_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_hsts_behind_a_tls_proxy(client):
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https")["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/", HTTP_X_FORWARDED_PROTO="http")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_ssl_redirect_when_asked(client):
    response = client.get("/articles/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/articles/?page=2"


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_admin_cookies_are_secure_and_http_only(client):
    response = client.get("/admin/login/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


# --- error pages -------------------------------------------------------------------------------------

LEAKS = ("Traceback", "secret internals", "SECRET_KEY", "settings.py", 'File "', "django.", "Exception Value")


def assert_own_error_page(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in body
    assert "Newsroom Archive" in body
    assert not [leak for leak in LEAKS if leak in body]
    assert response["Content-Security-Policy"] == CSP


@pytest.mark.urls("tests.test_security")
def test_error_pages_are_the_archives_own(client):
    client.raise_request_exception = False
    assert_own_error_page(client.get("/test-errors/suspicious/"), 400, "Bad request")
    assert_own_error_page(client.get("/", HTTP_HOST="evil.example"), 400, "Bad request")
    assert_own_error_page(client.get("/test-errors/forbidden/"), 403, "Forbidden")
    assert_own_error_page(client.get("/no-such-page/"), 404, "Not found")
    assert_own_error_page(client.post("/articles/"), 405, "Method not allowed")
    assert_own_error_page(client.get("/test-errors/boom/"), 500, "Server error")


def test_the_documented_production_command_collects_static_files_first():
    readme = (PROJECT / "README.md").read_text()
    block = readme[readme.index("python manage.py collectstatic --noinput") :]
    assert "gunicorn archive.site.wsgi:application" in block.split("```")[0]  # before gunicorn, in the same block
