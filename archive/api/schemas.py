"""The API's response shapes (the OpenAPI schema is generated from these)."""

from datetime import datetime

from ninja import Field, Schema

PUBLISHED = Field(
    description="When the article was published, in ISO 8601 with the page's own UTC offset"
    ' ("2019-11-19T22:43:00-05:00": the publisher\'s calendar day; the same instant in UTC is what'
    " the search sorts and filters by); in UTC when the page gave no offset; null when undated."
)


class Error(Schema):
    detail: str


class InvalidParameters(Schema):
    """What django-ninja answers (422) when a parameter does not validate."""

    detail: list[dict]


class SourceRef(Schema):
    slug: str
    name: str


class Source(SourceRef):
    domain: str
    home_url: str
    archive_url: str
    article_count: int


class TagRef(Schema):
    slug: str
    name: str


class Tag(TagRef):
    article_count: int


class EntityRef(Schema):
    slug: str
    name: str
    kind: str


class Capture(Schema):
    id: int
    captured: datetime
    format: str
    url: str
    sha256: str
    size: int
    memento_url: str
    raw_url: str


class ArticleSummary(Schema):
    id: int
    title: str
    url: str
    archive_url: str
    source: SourceRef
    byline: str
    authors: list[EntityRef]
    published: datetime | None = PUBLISHED
    captured: datetime
    language: str
    summary: str
    tags: list[TagRef]


class ArticleRef(Schema):
    id: int
    title: str
    archive_url: str
    published: datetime | None = PUBLISHED


class Statement(Schema):
    id: int
    article: ArticleRef
    position: int
    kind: str
    speaker: EntityRef | None
    speaker_name: str
    speaker_kind: str
    source_text: str
    cue: str
    content: str
    via: EntityRef | None
    recipient: str
    archive_url: str


class EntityMentions(EntityRef):
    mentions: int


class Change(Schema):
    """A capture that changed the headline, byline, text or tags, against the capture before it."""

    from_capture: int
    to_capture: int
    captured: datetime
    summary: str = Field(description='What changed, e.g. "headline changed; 1 paragraph removed; correction added".')
    archive_url: str


class ArticleDetail(ArticleSummary):
    modified: datetime | None
    body: list[str]
    word_count: int
    read_time: int
    comments: str
    comment_count: int | None
    captures: list[Capture]
    changes: list[Change]
    entities: list[EntityMentions]
    statements: list[Statement]


class Role(Schema):
    person: EntityRef
    organization: EntityRef
    description: str
    article_id: int


class Entity(EntityRef):
    description: str
    archive_url: str


class EntityDetail(Entity):
    aliases: list[str]
    roles: list[Role]
    article_count: int
    statement_count: int


class Page(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class ArticlePage(Page):
    results: list[ArticleSummary]


class StatementPage(Page):
    results: list[Statement]


class EntityPage(Page):
    results: list[Entity]


class TagPage(Page):
    results: list[Tag]


class SourcePage(Page):
    results: list[Source]
