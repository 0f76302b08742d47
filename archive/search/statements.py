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
The condition itself is ``StatementQuerySet.saying``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .query import Query, Term, parse


@dataclass
class StatementWords:
    """A parsed words box: what to look for in ``Statement.content`` and what the reader is told."""

    query: Query
    messages: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing is left to search for (the filter is then ignored)."""
        return not self.query.groups and not self.query.excluded

    def filter(self, statements):
        """``statements`` (a StatementQuerySet) narrowed to those saying what was asked."""
        if self.empty:
            return statements
        wanted = [[term.words for term in group] for group in self.query.groups]
        return statements.saying(wanted, [term.words for term in self.query.excluded])

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
    if words.empty and (raw or "").strip():
        words.messages.append(f"“{raw.strip()[:80]}” has no words to search for; the words filter is ignored.")
    return words


def _written(term: Term) -> str:
    return f'"{term.text}"' if term.is_phrase else term.text
