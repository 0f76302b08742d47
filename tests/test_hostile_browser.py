"""Hostile article content in a real browser: headless Chromium loads every
HTML page of an archive whose articles carry script payloads, and nothing
runs. Each payload calls window.pwn() or opens a dialog; the test defines
pwn() to raise a flag, listens for dialogs, watches every request leaving for
another host, and collects Content-Security-Policy violations (the policy is
the second wall: escaping should already stop every payload, so none may
even reach it)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS
from tests.test_hostile_content import hostile, page_urls  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"),
]

# Runs before any page script: the trap every payload would spring.
TRAP = """
window.__pwned = [];
window.pwn = (n) => window.__pwned.push(n);
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@contextmanager
def chromium():
    # Started only after the test data is written: playwright's sync API runs an
    # event loop, and Django refuses database calls while one is running.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def html_pages(client, urls) -> list[str]:
    pages = []
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
    return pages


def test_no_script_runs_on_any_page(live_server, client, hostile):  # noqa: F811
    pages = html_pages(client, page_urls(hostile))
    assert len(pages) >= 15
    with chromium() as browser:
        findings, dialogs, outside = visit(browser, live_server.url, pages)
    assert findings == []
    assert dialogs == []
    assert outside == []


def visit(browser, base: str, pages: list[str]):
    context = browser.new_context()
    context.add_init_script(TRAP)
    dialogs, outside = [], []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def guard(route):
        # Nothing leaves for another host: record it and never let it through.
        if not route.request.url.startswith(base):
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    findings = []
    for url in pages:
        page.goto(base + url, wait_until="load")
        # Hover and focus everything: event-handler payloads need a trigger.
        page.evaluate(
            "() => document.querySelectorAll('body *').forEach(el => {"
            " el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
            " el.dispatchEvent(new FocusEvent('focus')); })"
        )
        page.wait_for_timeout(50)
        state = page.evaluate("() => ({pwned: window.__pwned, violations: window.__violations})")
        if state["pwned"] or state["violations"]:
            findings.append((url, state))
    context.close()
    return findings, dialogs, outside


def test_the_trap_works():
    """The detector itself: payloads on a page of our own making, without a policy,
    do spring it (so a silent run above means something)."""
    with chromium() as browser:
        context = browser.new_context()
        context.add_init_script(TRAP)
        page = context.new_page()
        page.set_content('<img src="data:," onerror="pwn(1)"><script>pwn(2)</script>')
        page.wait_for_timeout(100)
        assert sorted(page.evaluate("() => window.__pwned")) == [1, 2]
        context.close()


def test_admin_works_under_the_strict_policy(live_server, hostile):  # noqa: F811
    """The admin needs no relaxed policy: logging in and opening lists and forms
    (with hostile data in them) raises no policy violation and runs no payload."""
    from django.contrib.auth.models import User

    User.objects.create_superuser("curator", "curator@example.org", "correct horse battery")
    pages = ["/admin/", "/admin/archive/article/", f"/admin/archive/article/{hostile['pk']}/change/",
             "/admin/archive/entity/", "/admin/archive/statement/"]  # fmt: skip
    with chromium() as browser:
        context = browser.new_context()
        context.add_init_script(TRAP)
        page = context.new_page()
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "curator")
        page.fill("#id_password", "correct horse battery")
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        findings = []
        for url in pages:
            response = page.goto(live_server.url + url, wait_until="load")
            state = page.evaluate("() => ({pwned: window.__pwned, violations: window.__violations})")
            findings.append((url, response.status, state["pwned"], state["violations"]))
        context.close()
    assert findings == [(url, 200, [], []) for url in pages]
