"""``doc.text`` once per document.

spaCy rebuilds ``Doc.text`` from every token on each access; attribution
reads it per cue and per source, which made it most of the run time.
"""

from __future__ import annotations

_KEY = ("archive.nlp", "text")


def doc_text(doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def forget(doc) -> None:
    """Drop the cached copy so it never travels with the doc (DocBin, pickling)."""
    doc.user_data.pop(_KEY, None)
