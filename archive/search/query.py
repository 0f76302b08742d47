"""The search language, parsed into a small tree both backends compile.

    words             all must match (stemmed); common words are ignored
    "exact phrase"    the words in this order
    a OR b            either (binds adjacent terms)
    -word, -"phrase"  must not match; -tag:x etc. exclude a filter value
    tag: source: author: person: org:   filters; quote multi-word values
    after:YYYY-MM-DD  from that day on;  before:YYYY-MM-DD  up to that day

Nothing the user types reaches a backend as syntax: words are reduced to
letters and digits, and every problem becomes a message, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from . import limits

MAX_CHARS = 500
MAX_TERMS = 16
MAX_FILTER_VALUES = 8
FILTERS = ("tag", "source", "author", "person", "org")
DATES = ("after", "before")
_FIELD_ALIASES = {"tags": "tag", "organization": "org", "organisation": "org", "people": "person", "by": "author"}

# Letters and digits, as both tokenizers (FTS5 unicode61, PostgreSQL's
# parser) cut words: punctuation and "_" separate words.
_WORD = re.compile(r"[^\W_]+")
_FIELD = re.compile(r"([A-Za-z]+):")

# Ignored as single words, as PostgreSQL's english configuration ignores them,
# so a query means the same on both backends.
STOPWORDS = frozenset(
    "a about above after again against all am an and any are as at be because been before being below between both "
    "but by can did do does doing down during each few for from further had has have having he her here hers herself "
    "him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only "
    "or other our ours ourselves out over own same she should so some such than that the their theirs them themselves "
    "then there these they this those through to too under until up very was we were what when where which while who "
    "whom why will with you your yours yourself yourselves s t don".split()
)


@dataclass(frozen=True)
class Term:
    """A word (one entry in ``words``) or an exact phrase (several)."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Query:
    raw: str = ""
    groups: list[list[Term]] = field(default_factory=list)  # all groups must match; any term of a group
    excluded: list[Term] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded_filters: dict[str, list[str]] = field(default_factory=dict)
    after: date | None = None
    before: date | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [t for g in self.groups for t in g]

    def note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)


def _clean(text: str) -> str:
    """Control and format characters become spaces; the text is NFC."""
    text = unicodedata.normalize("NFC", text)
    return "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)


def _tokens(text: str, query: Query):
    """(negated, field or None, value, quoted) for each token."""
    i, n = 0, len(text)
    while i < n:
        if text[i] == " ":
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and text[i + 1] != " "
        if negated:
            i += 1
        name = None
        m = _FIELD.match(text, i)
        if m and i + len(m.group(0)) <= n:
            name = m.group(1).lower()
            i = m.end()
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                query.note("A quotation mark was not closed; the rest of the query was read as a phrase.")
                end = n
            value, quoted, i = text[i + 1 : end], True, end + 1
        else:
            end = i
            while end < n and text[end] not in ' "':
                end += 1
            value, quoted, i = text[i:end], False, end
        yield negated, name, value.strip(), quoted


def _words(value: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(value))


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def parse(raw: str) -> Query:
    query = Query(raw=raw)
    text = _clean(raw or "")
    if len(text) > MAX_CHARS:
        query.note(f"The query was cut to its first {MAX_CHARS} characters.")
        text = text[:MAX_CHARS]
    pending_or = False
    dropped_common = []
    for negated, name, value, quoted in _tokens(text, query):
        if name is not None:
            name = _FIELD_ALIASES.get(name, name)
            if name in FILTERS or name in DATES:
                _filter(query, name, value, negated)
                continue
            query.note(f"There is no “{name}:” filter; “{value}” was searched as text (see the search help).")
        if value == "OR" and not quoted and not negated:
            if not query.groups or pending_or:
                query.note("“OR” needs a word or phrase on each side; it was ignored.")
            pending_or = True
            continue
        words = _words(value)
        if not quoted and len(words) == 1 and words[0] in STOPWORDS:
            dropped_common.append(words[0])
            continue
        if not words or all(w in STOPWORDS for w in words):
            if words:
                dropped_common.extend(words)
            pending_or = False
            continue
        term = Term(words)
        if len(query.terms) + len(query.excluded) >= MAX_TERMS:
            query.note(f"Only the first {MAX_TERMS} words and phrases were used.")
            break
        if negated:
            query.excluded.append(term)
        elif pending_or and query.groups:
            if term not in query.groups[-1]:
                query.groups[-1].append(term)
        elif [term] not in query.groups:
            query.groups.append([term])
        pending_or = False
    if pending_or:
        query.note("“OR” needs a word or phrase on each side; it was ignored.")
    if dropped_common and not query.groups:
        query.note(f"Very common words are not searched for: {', '.join(dict.fromkeys(dropped_common))}.")
    limits.enforce(query)
    return query


def _filter(query: Query, name: str, value: str, negated: bool) -> None:
    if not value:
        query.note(
            f"“{name}:” needs a value, as in {name}:2024-03-01."
            if name in DATES
            else f'“{name}:” needs a value; quote names with spaces, as in {name}:"New York".'
        )
        return
    if name in DATES:
        day = _date(value)
        if day is None:
            query.note(f"“{name}:{value}” is not a date; write it as {name}:2024-03-01.")
        elif negated:
            query.note(f"“-{name}:” is not supported; use {'before' if name == 'after' else 'after'}: instead.")
        elif name == "after":
            query.after = max(query.after, day) if query.after else day
        else:
            query.before = min(query.before, day) if query.before else day
        return
    target = query.excluded_filters if negated else query.filters
    values = target.setdefault(name, [])
    if value.casefold() in (v.casefold() for v in values):
        return
    if len(values) >= MAX_FILTER_VALUES:
        query.note(f"Only {MAX_FILTER_VALUES} values of “{name}:” were used.")
        return
    values.append(value)


def quote_value(value: str) -> str:
    """A filter value as the query language writes it (for facet links)."""
    value = value.replace('"', "")
    return f'"{value}"' if (" " in value or ":" in value or not value) else value


def _format_term(term: Term) -> str:
    return f'"{term.text}"' if term.is_phrase else term.text


def serialize(query: Query) -> str:
    """The query written back in the search language (canonical form), so
    links can add or remove one filter and keep everything else."""
    parts = [" OR ".join(_format_term(t) for t in group) for group in query.groups]
    parts += [f"-{_format_term(t)}" for t in query.excluded]
    for sign, filters in (("", query.filters), ("-", query.excluded_filters)):
        parts += [f"{sign}{name}:{quote_value(v)}" for name, values in filters.items() for v in values]
    if query.after:
        parts.append(f"after:{query.after.isoformat()}")
    if query.before:
        parts.append(f"before:{query.before.isoformat()}")
    return " ".join(parts)
