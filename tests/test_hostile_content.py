"""Hostile article content stays inert text on every page the archive serves.

An article whose title, byline, authors, tags, source, body, statements,
entities and URLs carry <script>, javascript: links, event-handler attributes,
CSS tricks and right-to-left overrides is imported; then every public URL
(found from the URLconf, so pages added later are covered too) is fetched and
parsed: HTML pages must contain no element or attribute the payloads tried to
create, feeds must carry the payloads as text even after a feed reader
unescapes them, JSON must be served as JSON, and citations as plain text.
"""

from __future__ import annotations

import json

import lxml.html
import pytest
from lxml import etree

from archive.models import Entity, Mention, Role, Statement
from tests.factories import make_article
from tests.test_security import concrete, public_patterns

pytestmark = pytest.mark.django_db

MARK = "pwn"  # every payload tries to run window.pwn(); the browser test defines it
PAYLOADS = {
    "script": f"<script>{MARK}(1)</script>",
    "img": f'"><img src=x onerror={MARK}(2)>',
    "svg": f"<svg/onload={MARK}(3)>",
    "attr": f"' onmouseover='{MARK}(4)' x='",
    "link": f'<a href="javascript:{MARK}(5)">click</a>',
    "style": "<style>body{display:none}</style>"
    "<div style=\"position:fixed;inset:0;background:url('//evil.example/x')\">",
    "iframe": '</title></textarea><iframe src="//evil.example/"></iframe>',
    "template": "{{ request }}{% debug %}${7*7}",
    "rlo": "\u202egnp.exe\u202c and \u2067isolated\u2069",
    "meta": '<meta http-equiv="refresh" content="0;url=//evil.example/">',
}
ALL = " ".join(PAYLOADS.values())
HOSTILE_URL = f"javascript:{MARK}(6)//https://example.org/"
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
# The site draws its own charts as inline SVG; an injected <svg> would show up by its
# onload attribute, which the attribute check catches.
FORBIDDEN_TAGS = {"iframe", "object", "embed", "style", "base", "frame", "frameset", "applet", "foreignobject"}


@pytest.fixture
def hostile():
    article = make_article(
        f"Budget {PAYLOADS['script']} {PAYLOADS['rlo']}",
        (f"Opening {PAYLOADS['img']} paragraph said the minister.", ALL, f"Ends {PAYLOADS['link']}."),
        url=HOSTILE_URL,
        source=f"Source {PAYLOADS['attr']}",
        authors=(f"Jane {PAYLOADS['svg']}", f"Omar {PAYLOADS['rlo']}"),
        tags=(f"tag {PAYLOADS['script']}", "politics"),
    )
    second = make_article(
        "A plain story with a hostile source link",
        ("Plain text.",),
        url=f"https://example.org/{PAYLOADS['attr']}",
        tags=("politics",),
    )
    person = Entity.objects.create(
        name=f"Ana {PAYLOADS['img']}", slug="ana-hostile", kind="person", key="ana", description=PAYLOADS["style"]
    )
    org = Entity.objects.create(name=f"Org {PAYLOADS['iframe']}", slug="org-hostile", kind="organization", key="org")
    Mention.objects.create(article=article, entity=person, start=0, end=6, text=person.name[:300], label="PERSON")
    Mention.objects.create(article=article, entity=org, start=7, end=20, text=org.name[:300], label="ORG")
    Role.objects.create(person=person, organization=org, description=f"head {PAYLOADS['meta']}", article=article)
    for position, (speaker, kind) in enumerate([(person, "person"), (None, "unnamed")]):
        Statement.objects.create(
            article=article,
            position=position,
            kind="direct",
            cue=f"said {PAYLOADS['svg']}"[:200],
            cue_start=0,
            cue_end=4,
            source_text=f"an aide {PAYLOADS['attr']}",
            speaker=speaker,
            speaker_kind=kind,
            speaker_name=(speaker.name if speaker else f"an aide {PAYLOADS['link']}")[:500],
            content=f"We will {PAYLOADS['script']} {PAYLOADS['rlo']} win",
            content_start=0,
            content_end=10,
            via=org,
            recipient=PAYLOADS["template"],
        )
    author = article.authorships.first().entity
    return {
        "pk": article.pk,
        "capture_pk": article.captures.get().pk,
        "slug": article.slug or "-",
        "slugs": "politics",
        "url": "example.org/" + PAYLOADS["attr"],
        "ext": "bib",
        "section": "articles",
        "source": article.source.slug,
        "entity": person.slug,
        "extra": [
            author.get_absolute_url(),
            org.get_absolute_url(),
            second.get_absolute_url(),
            "/search/?q=minister",
            "/search/?q=" + PAYLOADS["script"],
            "/search/?q=" + PAYLOADS["img"],
            "/statements/?q=win",
            "/feeds/search/?q=minister",
            "/api/search/?q=minister",
            f"/articles/{article.pk}/cite.ris",
            f"/articles/{article.pk}/cite.json",
            "/articles/" + PAYLOADS["img"] + "/",
        ],
    }


def page_urls(hostile) -> list[str]:
    urls = [concrete(route, hostile) for route, _ in public_patterns()]
    return urls + hostile["extra"]


def assert_inert_html(html: str, url: str) -> None:
    doc = lxml.html.document_fromstring(html)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        assert tag not in FORBIDDEN_TAGS, (url, tag)
        if tag == "meta":
            assert element.get("http-equiv", "").lower() != "refresh", url
        if tag == "script":
            kind = element.get("type", "")
            if element.get("src"):
                src = element.get("src")
                assert src.startswith("/") and not src.startswith("//"), (url, src)  # this site's own files
            else:
                # Only data blocks, which never run, and they must stay valid data.
                assert kind in ("application/json", "application/ld+json"), (url, kind)
                json.loads(element.text or "null")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (url, tag, name)
            assert name.lower() != "style", (url, tag)  # the CSP forbids inline style anyway
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "poster", "data"):
                cleaned = "".join(value.split()).lower()
                assert not cleaned.startswith(BAD_SCHEMES), (url, tag, name, value)
            assert "\u202e" not in value or name in ("content", "title", "value", "aria-label"), (url, tag, name)


def assert_inert_feed(body: bytes, url: str) -> None:
    root = etree.fromstring(body)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        for name, value in element.attrib.items():
            if etree.QName(name).localname == "href":
                assert not "".join(value.split()).lower().startswith(BAD_SCHEMES), (url, value)
        if local in ("description", "summary", "content") and element.text and element.text.strip():
            # Readers unescape these and render them as HTML (titles they show as text):
            # still nothing active.
            assert_inert_html(f"<html><body><div>{element.text}</div></body></html>", f"{url} <{local}>")


def test_every_page_renders_hostile_content_as_inert_text(client, hostile):
    checked = {"html": 0, "feed": 0, "json": 0, "text": 0}
    for url in page_urls(hostile):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code in (301, 302):
            response = client.get(response["Location"])
        kind = response.get("Content-Type", "").split(";")[0]
        body = response.content
        assert response["X-Content-Type-Options"] == "nosniff"
        if kind == "text/html":
            assert_inert_html(body.decode(), url)
            checked["html"] += 1
        elif kind.endswith("xml") and body.strip():
            assert_inert_feed(body, url)
            checked["feed"] += 1
        elif kind.endswith("json"):
            json.loads(body)
            checked["json"] += 1
        else:
            # Never anything a browser would render as a page.
            allowed = ("text/plain", "application/x-", "text/x-", "application/link-format", "image/vnd.microsoft.icon")
            assert kind.startswith(allowed), (url, kind)  # the icon is a fixed file of the site's own
            checked["text"] += 1
    assert checked["html"] >= 15 and checked["feed"] >= 3 and checked["json"] >= 3, checked


def test_payloads_are_shown_as_text_where_they_belong(client, hostile):
    article = client.get(f"/articles/{hostile['pk']}/{hostile['slug']}/").content.decode()
    # Escaped, so the reader sees exactly what the page said.
    assert "Budget &lt;script&gt;pwn(1)&lt;/script&gt;" in article
    assert "&lt;a href=&quot;javascript:pwn(5)&quot;&gt;click&lt;/a&gt;" in article
    assert "{{ request }}{% debug %}${7*7}" in article  # never evaluated as a template
    assert 'href="javascript:' not in article
    search = client.get("/search/", {"q": PAYLOADS["script"]}).content.decode()
    assert "<script>pwn(1)</script>" not in search


def test_json_keeps_payloads_verbatim_as_data(client, hostile):
    response = client.get("/statements.json")
    assert response["Content-Type"].startswith("application/json")
    contents = json.dumps(response.json())
    assert "We will <script>pwn(1)</script>" in contents or "We will \\u003cscript" in contents
