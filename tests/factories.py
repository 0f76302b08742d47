"""Articles for tests, stored through the importer's own code path."""

from datetime import UTC, datetime
from io import StringIO

from django.core.management import call_command

from archive.ingest.page import ParsedPage
from archive.ingest.store import store_page
from archive.models import Statement

_counter = 0


def make_article(
    title="A test article",
    body=("First paragraph of the story.", "Second paragraph."),
    *,
    url=None,
    source="Test Times",
    domain="",
    authors=("Jane Roe",),
    tags=(),
    published=None,
    published_offset=None,
    captured=None,
    raw=None,
    comments_open=None,
    language="en",
):
    global _counter
    _counter += 1
    if url is None:
        url = f"https://example.org/story-{_counter}"
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    page = ParsedPage(
        raw=raw if raw is not None else f"{title}\n{_counter}\n{body}".encode(),
        format="html",
        title=title,
        body=list(body),
        url=url,
        source_name=source,
        source_domain=domain,
        authors=list(authors),
        byline=f"By {' and '.join(authors)}" if authors else "",
        tags=list(tags),
        published=published,
        published_offset=published_offset,
        captured=captured or datetime(2024, 1, 1, tzinfo=UTC),
        comments_open=comments_open,
        language=language,
    )
    return store_page(page).article


def import_texts(tmp_path, *texts):
    """Import each text ("Title\\n\\nBody") as its own file, in order, through ``import_articles``."""
    for n, text in enumerate(texts):
        path = tmp_path / f"{n:03d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())


def day(n: int) -> datetime:
    """Noon UTC on day ``n`` of January 2024: the dates the API and filter tests order by."""
    return datetime(2024, 1, n, 12, tzinfo=UTC)


def make_statement(article, position, speaker, content, kind="direct", via=None, cue_shift=0):
    """A statement by ``speaker`` at the start of ``article``'s body, its cue "said" ``cue_shift`` characters in."""
    start = article.body_offset
    return Statement.objects.create(
        article=article,
        position=position,
        kind=kind,
        cue="said",
        cue_start=start + cue_shift,
        cue_end=start + cue_shift + 4,
        speaker=speaker,
        speaker_kind=speaker.kind,
        speaker_name=speaker.name,
        content=content,
        content_start=start,
        content_end=start + len(content),
        via=via,
    )
