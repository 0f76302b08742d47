"""Citing an archived article: BibTeX (biblatex @online), RIS and CSL-JSON.

Every format names both the original URL and the archived copy (its URL in
this archive and its capture date), so a reader can find the page as it was
when it was cited even after the original has changed or gone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from archive.local_time import local_published
from archive.models import Article, Capture, Entity

ARCHIVE_NAME = "Newsroom Archive"


@dataclass(frozen=True)
class Author:
    name: str
    is_person: bool

    @property
    def family_given(self) -> tuple[str, str]:
        """("Roe", "Jane") for "Jane Roe": the last word is the family name, as
        in most bylines; a one-word name has no given name."""
        given, _, family = self.name.rpartition(" ")
        return family, given


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    authors: tuple[Author, ...]
    source: str
    published: date | None
    original_url: str
    archive_url: str
    captured: date
    language: str


def citation_for(article: Article, capture: Capture, archive_url: str) -> Citation:
    """What a citation says about ``article`` as archived in ``capture`` at ``archive_url`` (absolute)."""
    authors = tuple(
        Author(a.entity.name, a.entity.kind == Entity.Kind.PERSON)
        for a in article.authorships.select_related("entity").all()
    )
    first = authors[0].family_given[0] if authors else article.source.name
    published = local_published(article)  # the publisher's calendar day
    year = published.year if published else capture.captured.year
    key = re.sub(r"[^A-Za-z0-9]", "", first.title())[:20] or "article"
    return Citation(
        key=f"{key}{year}-{article.pk}",
        title=article.title,
        authors=authors,
        source=article.source.name,
        published=published.date() if published else None,
        original_url=article.url,
        archive_url=archive_url,
        captured=capture.captured.date(),
        language=article.language,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- BibTeX (biblatex) -----------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def _bibtex_url(url: str) -> str:
    # url fields are verbatim; only braces (and spaces) could break the entry.
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def to_bibtex(c: Citation) -> str:
    def name(a: Author) -> str:
        # Double braces keep an organization's name whole instead of splitting it into given/family.
        if not a.is_person:
            return "{" + bibtex_escape(a.name) + "}"
        family, given = a.family_given
        return bibtex_escape(f"{family}, {given}" if given else family)

    fields = [("title", bibtex_escape(c.title))]
    if c.authors:
        fields.append(("author", " and ".join(name(a) for a in c.authors)))
    fields.append(("journaltitle", bibtex_escape(c.source)))
    if c.published:
        fields.append(("date", c.published.isoformat()))
    if c.original_url:
        fields.append(("url", _bibtex_url(c.original_url)))
    fields += [
        ("urldate", c.captured.isoformat()),
        ("archiveurl", _bibtex_url(c.archive_url)),
        ("archivedate", c.captured.isoformat()),
        ("howpublished", bibtex_escape(f"{ARCHIVE_NAME}, archived copy")),
        ("note", rf"Archived at \url{{{_bibtex_url(c.archive_url)}}}, captured {c.captured.isoformat()}"),
    ]
    if c.language:
        fields.append(("langid", bibtex_escape(c.language)))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@online{{{c.key},\n{body}\n}}\n"


# --- RIS ------------------------------------------------------------------------


def to_ris(c: Citation) -> str:
    lines = [("TY", "NEWS"), ("TI", c.title)]
    for a in c.authors:
        family, given = a.family_given
        lines.append(("AU", f"{family}, {given}" if a.is_person and given else a.name))
    lines.append(("T2", c.source))
    if c.published:
        lines += [("PY", str(c.published.year)), ("DA", c.published.strftime("%Y/%m/%d"))]
    if c.original_url:
        lines.append(("UR", c.original_url))
    lines += [
        ("UR", c.archive_url),
        ("Y2", c.captured.strftime("%Y/%m/%d")),
        ("DB", ARCHIVE_NAME),
        ("N1", f"Archived copy: {c.archive_url}, captured {c.captured.isoformat()}"),
    ]
    if c.language:
        lines.append(("LA", c.language))
    lines.append(("ER", ""))
    # RIS is line-based: a value never spans lines. Lines end in CRLF, as reference managers expect.
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


# --- CSL-JSON -------------------------------------------------------------------


def _date_parts(d: date) -> dict:
    return {"date-parts": [[d.year, d.month, d.day]]}


def to_csl(c: Citation) -> list[dict]:
    def name(a: Author) -> dict:
        family, given = a.family_given
        if a.is_person and given:
            return {"family": family, "given": given}
        return {"literal": a.name}

    item = {
        "id": c.key,
        "type": "article-newspaper",
        "title": c.title,
        "author": [name(a) for a in c.authors],
        "container-title": c.source,
        "publisher": c.source,
        "accessed": _date_parts(c.captured),
        "archive": ARCHIVE_NAME,
        "archive_location": c.archive_url,
        "note": f"Archived copy: {c.archive_url}, captured {c.captured.isoformat()}",
    }
    if c.original_url:
        item["URL"] = c.original_url
    if c.published:
        item["issued"] = _date_parts(c.published)
    if c.language:
        item["language"] = c.language
    return [item]


def to_csl_json(c: Citation) -> str:
    return json.dumps(to_csl(c), ensure_ascii=False, indent=2) + "\n"


def to_text(c: Citation) -> str:
    """A readable citation for the page and for print: who, what, where, when,
    and where the archived copy is."""
    names = [(", ".join(a.family_given) if a.is_person and a.family_given[1] else a.name) for a in c.authors]
    who = " and ".join(names).rstrip(".") + ". " if names else ""
    when = f", {c.published.day} {c.published:%B %Y}" if c.published else ""
    original = f" Originally published at {c.original_url}." if c.original_url else ""
    archived = f" Archived by {ARCHIVE_NAME}, captured {c.captured.day} {c.captured:%B %Y}: {c.archive_url}"
    return f"{who}“{c.title}.” {c.source}{when}.{original}{archived}"
