"""One filter layer: what each filter name means, for the pages, their JSON
twins, the feeds and the API alike.

Each surface reads its parameters its own way (a Django form on the pages,
typed parameters in the API) and hands the values here; the meaning of a name
lives only here and in the QuerySet methods it calls
(``StatementQuerySet.by_organization``, ``.matching``, ``.newest``;
``ArticleQuerySet.tagged_all``, ``.search``). Entity names go through
``find_entity``: a slug, a name or an alias, a surname or an acronym, else the
closest name when mistyped, curators' merges followed (see
``archive.search.entities``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.text import slugify
from taggit.models import Tag

from archive.models import Article, Entity, Source, Statement
from archive.search.entities import entity_filter_match
from archive.search.query import quote_value
from archive.search.statements import statement_words

# Longest query a words filter reads (the search language has its own limits).
MAX_WORDS_TEXT = 500


def clean(text: str | None, limit: int = 1000) -> str:
    """A user-supplied string the database can always take: PostgreSQL refuses NUL characters."""
    return (text or "").replace("\x00", "").strip()[:limit]


def find_entity(name: str | None, kinds=None) -> tuple[Entity | None, str]:
    """The entity a slug, name or alias stands for (merges followed) and how
    the name was read: "slug", "name", "typo" (the closest name), or "" when
    it stands for none."""
    name = clean(name)
    if not name:
        return None, ""
    return entity_filter_match(name, kinds)


def find_tag(value: str) -> Tag | None:
    """A tag by slug or by name, in any case: "Donald Trump", "donald trump" or "donald-trump"."""
    value = clean(value, 200)
    return (
        Tag.objects.filter(slug=value.lower()).first()
        or Tag.objects.filter(name__iexact=value).order_by("pk").first()
        or Tag.objects.filter(slug=slugify(value)).first()
    )


def find_source(value: str) -> Source | None:
    """A source by slug or domain, else by name, in any case."""
    return Source.objects.named(clean(value, 300)).first()


def tag_slugs(tags) -> list[str]:
    """Tag slugs as the filters compare them, blanks dropped, each once. A
    value that is not written as a slug ("Donald Trump") is looked up as
    ``find_tag`` does, so the API's and the pages' ``tag=`` take a tag's name
    as export_articles --tag and the search's ``tag:`` do; a slug costs no query."""
    slugs = []
    for value in (clean(t, 200) for t in tags or ()):
        if not value:
            continue
        if value != slugify(value):
            tag = find_tag(value)
            value = tag.slug if tag is not None else slugify(value) or value.lower()
        slugs.append(value.lower())
    return list(dict.fromkeys(slugs))


# --- statements -----------------------------------------------------------------------

STATEMENT_ENTITY_FILTERS = ("speaker", "organization", "outlet")


@dataclass
class StatementFilters:
    """Who said what, as on /statements/, /statements.json, /api/statements/
    and an entity's statements:

    - ``speaker``: the entity speaking;
    - ``organization``: the organization itself or a person the archive
      knows holds a role there speaking;
    - ``outlet``: the entity the statement was reported through
      ("according to Reuters");
    - ``tags``: the article's tag slugs (articles with every one);
    - ``kind``: a ``Statement.Kind`` value;
    - ``after``/``before``: the article's publication day, inclusive;
    - ``q``: words in what was said, in the search language
      (``archive.search.statements``).
    """

    speaker: Entity | None = None
    organization: Entity | None = None
    outlet: Entity | None = None
    tags: list[str] = field(default_factory=list)
    kind: str = ""
    after: date | None = None
    before: date | None = None
    q: str = ""

    def apply(self, qs: QuerySet | None = None) -> QuerySet:
        qs = Statement.objects.all() if qs is None else qs
        if self.speaker is not None:
            qs = qs.filter(speaker=self.speaker)
        if self.organization is not None:
            qs = qs.by_organization(self.organization)
        if self.outlet is not None:
            qs = qs.filter(via=self.outlet)
        slugs = tag_slugs(self.tags)
        if slugs:
            qs = qs.filter(article__in=Article.objects.tagged_all(slugs).values("pk"))
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.after:
            qs = qs.filter(article__published__date__gte=self.after)
        if self.before:
            qs = qs.filter(article__published__date__lte=self.before)
        return statement_words(clean(self.q, MAX_WORDS_TEXT)).filter(qs)

    def statements(self, qs: QuerySet | None = None) -> QuerySet:
        """The matching statements as every list shows them: newest article first."""
        return self.apply(qs).with_listing().newest()


def statement_filters(
    *,
    speaker: str = "",
    organization: str = "",
    outlet: str = "",
    tags=(),
    kind: str = "",
    after: date | None = None,
    before: date | None = None,
    q: str = "",
) -> StatementFilters | None:
    """Filters from names as typed (the API's parameters); ``None`` when a name
    stands for no entity, so that the answer is no statements."""
    entities = {}
    for name, value in (("speaker", speaker), ("organization", organization), ("outlet", outlet)):
        if clean(value):
            entities[name], _ = find_entity(value)
            if entities[name] is None:
                return None
    return StatementFilters(**entities, tags=tag_slugs(tags), kind=clean(kind), after=after, before=before, q=q)


# --- articles -------------------------------------------------------------------------


def filter_articles(
    qs: QuerySet,
    *,
    q: str = "",
    tags=(),
    source: str = "",
    author: str = "",
    person: str = "",
    org: str = "",
    before: date | None = None,
    after: date | None = None,
    sort: str = "newest",
):
    """Articles matching every given filter, newest first. ``tags`` is an
    intersection; ``source`` a source slug or domain; ``author`` an entity's
    slug, name or alias (who wrote it: ``ArticleQuerySet.by``); ``person`` and
    ``org`` a slug, name or alias, meaning exactly what ``person:`` and
    ``org:`` mean in the search language: articles about them, where they are
    mentioned or, where the analysis missed the mention, their unambiguous
    names are in the text (see ``archive.search.entities``);
    ``before``/``after`` bound the publication date, inclusive. With words in
    ``q``, or a person or organization, the answer is the full-text search's
    result set within those articles (it pages by slicing and counts like a
    QuerySet), in ``sort`` order: relevance, newest or oldest."""
    qs = qs.with_listing().newest()
    slugs = tag_slugs(tags)
    if slugs:
        qs = qs.tagged_all(slugs)
    source = clean(source, 300)
    if source:
        # The same sources as export_articles --source names: slug, domain or name.
        qs = qs.filter(source__in=Source.objects.named(source))
    # An unknown entity matches nothing: answer at once rather than pass an
    # empty set on (the search engine cannot take one as its scope).
    if clean(author):
        entity, _ = find_entity(author)
        if entity is None:
            return qs.none()
        qs = qs.by(entity)
    if after:
        qs = qs.filter(published__date__gte=after)
    if before:
        qs = qs.filter(published__date__lte=before)
    q = clean(q)
    # person= and org= are the search language's person: and org:, so both
    # mean the same thing everywhere.
    for name, value in (("person", clean(person)), ("org", clean(org))):
        if value:
            q = f"{q} {name}:{quote_value(value)}".strip()
    # Search last: its engine takes the filtered set as the scope it ranks within.
    return qs.search(q, sort=sort) if q else qs
