"""What the browser tests need besides the browser: axe-core, the archive's
test data, and measurements taken inside a page."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from tests.conftest import SAMPLE
from tests.factories import make_article

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TESTS = Path(__file__).resolve().parent
ARTIFACTS = TESTS / "artifacts"
# axe-core comes from the npm registry (`make axe`), never from this repository.
VENDOR = TESTS / "vendor"
AXE = VENDOR / "axe-core" / "axe.min.js"
# A strict policy for pages served without one (the site normally sends its own):
# an inline script or style then shows up as a console error.
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
PAGE_WEIGHT_LIMIT = 50 * 1024  # CSS + JS of one page, compressed


def axe_source() -> str | None:
    """axe-core's script, fetched with npm the first time if `make axe` has not run."""
    if not AXE.exists() and shutil.which("npm"):
        fetch_axe()
    return AXE.read_text(encoding="utf-8") if AXE.exists() else None


def fetch_axe() -> None:
    AXE.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["npm", "pack", "axe-core@4", "--silent", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        tarballs = list(Path(tmp).glob("axe-core-*.tgz"))
        if done.returncode != 0 or not tarballs:
            return
        with tarfile.open(tarballs[0]) as tar:
            for name in ("axe.min.js", "LICENSE", "package.json"):
                member = tar.extractfile(f"package/{name}")
                if member is not None:
                    (AXE.parent / name).write_bytes(member.read())


def build_site() -> dict:
    """A small archive covering every page type; returns the URLs to visit."""
    from archive.models import Article, Entity

    try:
        # With analysis, so entity and who-said-what pages have real content.
        call_command("import_articles", str(SAMPLE), stdout=StringIO(), stderr=StringIO())
    except Exception:  # noqa: BLE001 - the pages still render from the text alone
        call_command("import_articles", str(SAMPLE), no_analyze=True, stdout=StringIO(), stderr=StringIO())
    sample = Article.objects.get()
    stories = [
        ("Afghan border talks resume as winter sets in", ("ISIS", "Afghanistan"), datetime(2019, 11, 4, tzinfo=UTC)),
        ("Regional security summit ends without a statement", ("Afghanistan", "Russia"), datetime(2020, 2, 17)),
        ("Oil prices fall for a third week", ("Economy",), datetime(2020, 6, 2)),
        ("Parliament debates the border budget", ("ISIS", "Afghanistan", "Economy"), datetime(2020, 9, 21)),
        ("Aid groups warn of a hard winter in the north", ("Afghanistan",), datetime(2021, 1, 12)),
        ("Undated wire copy about refugees", ("Afghanistan",), None),
    ]
    for n, (title, tags, published) in enumerate(stories):
        name, domain = ("Test Times", "testtimes.example") if n % 3 else ("The Daily Ledger", "ledger.example")
        make_article(
            title,
            (
                "Officials met on Monday to discuss the situation along the border, where crossings have been "
                "closed for most of the month and traders say the cost of goods has doubled.",
                "The talks, the first in nearly a year, ended with an agreement to meet again in the spring.",
            ),
            tags=tags,
            published=published,
            authors=("Jane Roe",) if n % 2 else ("Jane Roe", "Omar Haddad"),
            url=f"https://{domain}/story-{n}",
            source=name,
            domain=domain,
        )
    make_article(
        "Les frontières se referment",
        ("Les autorités ont fermé la frontière lundi.",),
        language="fr",
        url="https://quotidien.example/frontieres",
        source="Le Quotidien",
        domain="quotidien.example",
        published=datetime(2021, 3, 1, tzinfo=UTC),
    )
    # One story captured twice: a softened headline, a paragraph removed, a correction added, the tags changed.
    changed = None
    for title, body, tags, captured in (
        (
            "Mayor promises reckless bridge by spring",
            ("The bridge opens in spring.", "Critics called it reckless."),
            ("Transport", "City Hall"),
            datetime(2024, 3, 1, 9, tzinfo=UTC),
        ),
        (
            "Mayor promises new bridge by spring",
            ("The bridge opens in spring.", "Correction: the vote is on Thursday."),
            ("Transport", "Budget"),
            datetime(2024, 3, 3, 12, tzinfo=UTC),
        ),
    ):
        changed = make_article(
            title,
            body,
            tags=tags,
            url="https://ledger.example/bridge",
            source="The Daily Ledger",
            domain="ledger.example",
            captured=captured,
        )
    author = sample.authorships.first().entity
    person = Entity.objects.filter(kind=Entity.Kind.PERSON, mentions__isnull=False).first()
    organization = Entity.objects.filter(kind=Entity.Kind.ORGANIZATION, mentions__isnull=False).first()
    capture = sample.captures.first()
    return {
        "home": "/",
        "article-list": "/articles/",
        "article": sample.get_absolute_url(),
        "capture": capture.get_absolute_url(),
        "changes": f"/articles/{changed.pk}/changes/",
        "search": "/search/?q=border",
        "search-nothing": "/search/?q=zyxwvut",
        "search-help": "/search/help/",
        "tag": "/tags/afghanistan/",
        "tag-intersection": "/tags/afghanistan+isis/",
        "tag-index": "/tags/",
        "sources": "/sources/",
        "source": sample.source.get_absolute_url(),
        "author": author.get_absolute_url(),
        "entity": (person or author).get_absolute_url(),
        "organization": (organization or author).get_absolute_url(),
        "not-found": "/no-such-page/",
        # Pages other work adds; a 404 means "not built yet" and skips.
        "people": "/people/",
        "organizations": "/organizations/",
        "statements": "/statements/",
        "unnamed-sources": "/statements/unnamed/",
    }


def compressed_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9))


# Inside the page: does anything stick out sideways at this width?
HORIZONTAL_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'absolute';
  }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""

# Inside the page: characters per line in the longest paragraph of the article body.
LINE_LENGTH_JS = """() => {
  const ps = [...document.querySelectorAll('.article-body p')];
  if (!ps.length) return null;
  const p = ps.reduce((a, b) => (b.textContent.length > a.textContent.length ? b : a));
  const range = document.createRange();
  range.selectNodeContents(p);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return {chars: p.textContent.length, lines: tops.size};
}"""

# Inside the page: describe the focused element and whether its focus is visible.
FOCUS_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className || '', text: (el.textContent || '').trim().slice(0, 60),
    name: el.getAttribute('name') || '', href: el.getAttribute('href') || '',
    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    inMain: !!el.closest('main'),
  };
}"""
