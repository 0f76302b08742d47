"""Words in what was said: the ``q`` of /statements/, /statements.json and
/api/statements/.

The article search's language (``archive.search.query``) read over a
statement's content, so a box means the same everywhere: every word must
occur, ``"a phrase"`` its words in that order, ``a OR b`` either, ``-word``
neither; common words alone are not searched for. Statements have no text
index, so a word is matched as a word at its own boundaries -- "art" does not
find "party" -- with the endings English adds to it ("camp" finds "camps",
"camped"), which is what the stemmed article search would find too. Filters
(``tag:``, ``person:``, dates) are the page's own fields here: typed in the
box they are named in a message and not used.

Nothing typed reaches the database as syntax: the parser keeps only letters
and digits of each word, and the pattern built from them is escaped anyway.
The regular expression is the subset Python (SQLite's REGEXP in Django) and
PostgreSQL agree on: ``\\W`` and anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Q

from .query import Query, Term, parse

# Endings a word takes in running text, so that a search for the bare word finds them.
_ENDINGS = r"(s|es|d|ed|ing|er|ers|'s|’s)?"


@dataclass
class StatementWords:
    """A parsed words box: the condition on ``Statement.content`` and what the reader is told."""

    query: Query
    messages: list[str] = field(default_factory=list)

    @property
    def condition(self) -> Q | None:
        """``None`` when nothing is left to search for (the filter is then ignored)."""
        if not self.query.groups and not self.query.excluded:
            return None
        wanted = [reduce(or_, (_term(t) for t in group)) for group in self.query.groups]
        unwanted = [~_term(t) for t in self.query.excluded]
        return reduce(and_, wanted + unwanted)

    @property
    def shown(self) -> str:
        """The search as the count line names it: the terms read, in the search language."""
        parts = [" OR ".join(_written(t) for t in group) for group in self.query.groups]
        return " ".join(parts + [f"-{_written(t)}" for t in self.query.excluded])


def statement_words(raw: str) -> StatementWords:
    query = parse(raw or "")
    words = StatementWords(query, list(query.messages))
    if query.filters or query.excluded_filters or query.after or query.before:
        names = [*query.filters, *query.excluded_filters] + [n for n in ("after", "before") if getattr(query, n)]
        listed = ", ".join(f"“{name}:”" for name in dict.fromkeys(names))
        words.messages.append(
            f"Filters such as {listed} are not read from the words box here; use the fields beside it."
        )
    if words.condition is None and (raw or "").strip():
        words.messages.append(f"“{raw.strip()[:80]}” has no words to search for; the words filter is ignored.")
    return words


def _pattern(term: Term) -> str:
    body = r"\W+".join(re.escape(word) + _ENDINGS for word in term.words)
    return rf"(^|\W){body}(\W|$)"


def _term(term: Term) -> Q:
    # The plain containment of the longest word comes first: a cheap LIKE
    # narrows the rows the regular expression then reads (a Python call per
    # row on SQLite). Only for an ASCII word: SQLite's LIKE folds the case of
    # ASCII letters alone, and would miss "Ärzte" for "ärzte".
    regex = Q(content__iregex=_pattern(term))
    ascii_words = [w for w in term.words if w.isascii()]
    if not ascii_words:
        return regex
    return Q(content__icontains=max(ascii_words, key=len)) & regex


def _written(term: Term) -> str:
    return f'"{term.text}"' if term.is_phrase else term.text
