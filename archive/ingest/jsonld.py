"""The page's own article in its JSON-LD (schema.org) blocks.

Publishers describe the article for search engines as NewsArticle, Article,
BlogPosting and other CreativeWork subtypes, on their own, in lists, or inside
an ``@graph``; a WebPage entry is used only when no article entry is present.
"""

from __future__ import annotations

import json
import re

# schema.org types that describe the page's own article (CreativeWork subtypes we see on news pages).
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportage",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "posting",
    "creativework",
    "webpage",
    "itempage",
    "review",
    "medicalwebpage",
    "videoobject",
    "discussionforumposting",
    "qapage",
    "claimreview",
}
# Among those, the ones that are surely the article (a WebPage entry is a weaker signal).
_STRONG_TYPES = _ARTICLE_TYPES - {"webpage", "itempage", "creativework", "medicalwebpage", "videoobject", "qapage"}


def _types(obj: dict) -> set[str]:
    value = obj.get("@type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _walk(node, found: list[dict]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, found)
    elif isinstance(node, dict):
        if _types(node) & _ARTICLE_TYPES:
            found.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                _walk(node[key], found)


def jsonld_articles(blocks: list[str]) -> list[dict]:
    """JSON-LD article objects (also inside @graph, lists and mainEntity), strongest types first."""
    found: list[dict] = []
    for block in blocks:
        text = block.strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            # Some CMSes leave raw control characters or a trailing ";" in the block.
            try:
                data = json.loads(re.sub(r"[\x00-\x1f]+", " ", text).rstrip(";"))
            except ValueError:
                continue
        _walk(data, found)
        reviewed = {id(item) for item in _reviewed(data)}
        found = [obj for obj in found if id(obj) not in reviewed]
    return sorted(found, key=lambda obj: not (_types(obj) & _STRONG_TYPES))


def _reviewed(node):
    """Objects a review or fact check is about (``itemReviewed``): the claim, whose
    author is the claimant, is not the page's article."""
    if isinstance(node, list):
        for item in node:
            yield from _reviewed(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "itemReviewed" and isinstance(value, dict):
                yield value
            yield from _reviewed(value)


def first_value(objects: list[dict], key: str):
    """The first non-empty value of ``key`` among the article objects."""
    for obj in objects:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None
