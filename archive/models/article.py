import hashlib
import re
from operator import attrgetter

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from archive.keys.urls import normalize_url, without_tracking
from archive.links import link

from .entity import Entity
from .source import Source


class CommentState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    UNKNOWN = "unknown", "Unknown"

    @classmethod
    def from_flag(cls, flag: bool | None) -> "CommentState":
        return cls.UNKNOWN if flag is None else (cls.OPEN if flag else cls.CLOSED)


class DateSource(models.TextChoices):
    """Where an article's publication date came from, most trusted first."""

    JSONLD = "json-ld", "the page's JSON-LD"
    META = "meta", "the page's meta tags"
    TIME = "time", "a <time> element"
    LABEL = "label", "a date printed after a “published” label"
    HTMLDATE = "htmldate", "htmldate's search of the page"
    URL = "url", "the date in the URL"
    PRINTED = "printed", "a date printed on the page"


# A path segment keeps "https://" as "https:/" behind some proxies; the scheme adds nothing to the key.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/+")


class ArticleQuerySet(models.QuerySet):
    def newest(self):
        # Undated articles sort by when they were captured, so they still
        # appear in a sensible place among dated ones.
        return self.order_by(models.F("published").desc(nulls_last=True), "-captured", "-pk")

    def with_listing(self):
        """What a list of articles shows, fetched in a constant number of
        queries: the source, the authors and the tags (``tags_by_name``)."""
        return self.select_related("source").prefetch_related(
            # One query for every article's tags with their names: taggit's own prefetch of ``tags`` builds a
            # queryset per article and costs about twice as long for a page of 20.
            models.Prefetch("tagged_items", TaggedItem.objects.select_related("tag"), "listed_tags"),
            "authorships__entity",
        )

    def tagged_all(self, slugs):
        """Articles carrying every one of the tag slugs (intersection)."""
        qs = self
        for slug in slugs:
            qs = qs.filter(pk__in=Article.tags.through.objects.filter(tag__slug=slug).values("object_id"))
        return qs

    def by_original(self, url: str, query: str = ""):
        """The article filed under an original URL (and its query string),
        written with or without its scheme, "www." or trailing slash; or
        under ``urn:sha256:<hex>`` for one without URL (as Memento and the
        WARC export name it). None when there is none."""
        url = url.strip()
        if query:
            url = f"{url}?{query}"
        if url.lower().startswith("urn:sha256:"):
            identifier = url[4:].lower()
        else:
            identifier = normalize_url(_SCHEME.sub("", url))
        return self.filter(identifier=identifier).first()

    # The search engine (archive.search) sits above the models and plugs itself in here when the app starts
    # (ArchiveConfig.ready), so the QuerySet offers search without the models importing it.
    search_engine = None

    def search(self, query: str, sort: str | None = None):
        """Full-text search with filters, ranking, snippets and facets; see archive.search."""
        return type(self).search_engine(self, query, sort)

    def by(self, entity):
        """Articles the entity wrote (a person or an organization in the byline)."""
        return self.filter(pk__in=ArticleAuthor.objects.filter(entity=entity).values("article_id"))

    def about(self, entity):
        """Articles the analysis found the entity mentioned in. (The search's
        ``person:``/``org:`` also count the entity's unambiguous names found in
        the text where the analysis missed them: see ``archive.search.entities``.)"""
        from .entity import Mention

        return self.filter(pk__in=Mention.objects.filter(entity=entity).values("article_id"))

    def by_or_about(self, entity):
        """Articles the entity wrote or is mentioned in: its page, its feed, the API's entity articles."""
        from .entity import Mention

        authored = ArticleAuthor.objects.filter(entity=entity).values("article_id")
        mentioned = Mention.objects.filter(entity=entity).values("article_id")
        return self.filter(models.Q(pk__in=authored) | models.Q(pk__in=mentioned))


class Article(models.Model):
    """One story, identified by its original URL when known, else by the
    checksum of its first capture. Its fields mirror the newest capture."""

    identifier = models.CharField(max_length=600, unique=True, help_text="Normalised original URL, or sha256:<hex>.")
    url = models.URLField(max_length=2000, blank=True, help_text="Original URL, as the page gave it.")
    title = models.CharField(max_length=1000)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    byline = models.CharField(max_length=500, blank=True, help_text='As printed, e.g. "By HOA".')
    authors = models.ManyToManyField(Entity, through="ArticleAuthor", related_name="authored")
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    date_source = models.CharField(
        max_length=10, choices=DateSource.choices, blank=True, help_text="Where the publication date came from."
    )
    published_offset = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="The page's own UTC offset for the publication date, in minutes (-300 for New York in winter);"
        " empty when the page gave none, shown in UTC.",
    )
    modified = models.DateTimeField(null=True, blank=True)
    captured = models.DateTimeField(db_index=True, help_text="When the newest capture was made.")
    language = models.CharField(max_length=20, blank=True)
    read_time = models.PositiveIntegerField(help_text="Minutes, as the page states it or estimated.")
    read_time_stated = models.BooleanField(default=False, help_text="Whether the page itself gave the read time.")
    word_count = models.PositiveIntegerField(default=0)
    # Paragraphs in order, separated by one blank line; a paragraph never
    # contains a blank line, so the split is exact (see ``paragraphs``).
    body = models.TextField()
    summary = models.TextField(blank=True)
    comments = models.CharField(
        max_length=10,
        choices=CommentState.choices,
        default=CommentState.UNKNOWN,
        help_text="Whether the original page had comments open.",
    )
    comment_count = models.PositiveIntegerField(null=True, blank=True, help_text="Comments the page showed.")
    is_synthetic = models.BooleanField(default=False, help_text="Generated for benchmarks, not a real article.")
    analyzed_version = models.PositiveIntegerField(default=0, db_index=True)
    # The article's filter values as index tokens ("t12 s3 p40 y2019"), kept
    # by the search index's triggers from its postings. On SQLite the text
    # index covers this column too, so "word AND tag" is one intersection of
    # two lists inside FTS5 instead of a join (see archive.search.schema).
    search_facets = models.TextField(default="", blank=True, editable=False)

    tags = TaggableManager(blank=True, help_text="Tags the source page gave.")
    # The same tag rows seen from the article, for one-query prefetches (``with_listing``); deleting an article
    # deletes its tag rows too instead of leaving them behind.
    tagged_items = GenericRelation(TaggedItem)

    objects = ArticleQuerySet.as_manager()

    # The archive is read-only for visitors: it never accepts comments,
    # whatever the original page did.
    accepts_comments = False

    class Meta:
        ordering = ["-published", "-captured"]
        indexes = [
            models.Index(fields=["source", "published"]),
            # The sitemap's count and newest capture of the real articles: an index of only those, so
            # neither reads every row with its body to look at is_synthetic (0.1 and 0.35 s at 100,000).
            models.Index(fields=["captured"], condition=models.Q(is_synthetic=False), name="archive_article_real_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # search_facets belongs to the index triggers: an instance loaded
        # before its tags or mentions changed must not write back its copy.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "search_facets"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("archive:article", self.pk, self.url_slug)

    # The address of one of the article's own pages (/articles/<id>/changes/), which an article's
    # slug must not take: an article titled "Changes" is at /articles/<id>/changes-/.
    RESERVED_SLUGS = frozenset({"changes"})

    @property
    def url_slug(self) -> str:
        """The slug in the article's address: its slug, "-" without one, a reserved one with "-" after it."""
        slug = self.slug or "-"
        return f"{slug}-" if slug in self.RESERVED_SLUGS else slug

    @property
    def tags_by_name(self) -> list:
        """The tags in name order, as lists show them (``article.tags.all()``
        keeps the page's own order); served by ``with_listing``'s prefetch."""
        if hasattr(self, "listed_tags"):
            return sorted((item.tag for item in self.listed_tags), key=attrgetter("name"))
        return sorted(self.tags.all(), key=attrgetter("name"))

    @property
    def author_entities(self) -> list:
        """The authors the byline names, in its order (served by ``with_listing``'s prefetch). Pages
        show these, not the byline as printed ("January 17, 2017 at 6:08 PM ET by Kori Schulman"),
        which stays in the capture and the export."""
        return [authorship.entity for authorship in self.authorships.all()]

    @property
    def author_line(self) -> str:
        """The authors as one line of text ("A, B and C"); the printed byline only when it named
        no one the archive recognised as an author."""
        names = [entity.name for entity in self.author_entities]
        if not names:
            return self.byline
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def shown_mentions(self) -> list:
        """The mentions the article page shows and highlights: of the people and organizations the archive
        lists (``Entity.objects.listed``) and of places and the other kinds. An entity the analysis was unsure
        of everywhere (a product, a spec-sheet term, a fragment) keeps its mentions, so search still finds
        it, but no page shows it as a person or an organization."""
        mentions = list(self.mentions.select_related("entity"))
        judged = (Entity.Kind.PERSON, Entity.Kind.ORGANIZATION)
        ids = {m.entity_id for m in mentions if m.entity.kind in judged}
        listed = set(Entity.objects.filter(pk__in=ids).listed().values_list("pk", flat=True)) if ids else set()
        return [m for m in mentions if m.entity.kind not in judged or m.entity_id in listed]

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []

    @property
    def text(self) -> str:
        """The text the analysis reads: title, then the body (offsets of
        mentions and statements are into this string)."""
        return f"{self.title}\n\n{self.body}"

    @property
    def body_offset(self) -> int:
        return len(self.title) + 2

    @staticmethod
    def estimate_read_time(word_count: int) -> int:
        return max(1, round(word_count / settings.WORDS_PER_MINUTE))

    @staticmethod
    def identifier_for(url: str, sha256: str) -> str:
        return normalize_url(url) if url else f"sha256:{sha256}"

    @staticmethod
    def identifiers_for_fetch(final: str, others) -> list[str]:
        """The keys a fetched page may be filed under, best first: its final URL, then the
        URL asked for and each redirect hop, without tracking parameters (a new article
        takes the first), then as written (articles filed before they were stripped)."""
        urls = [final, *others]
        keys = [normalize_url(without_tracking(u)) for u in urls] + [normalize_url(u) for u in urls]
        return list(dict.fromkeys(keys))


class ArticleAuthor(models.Model):
    """An article's author in byline order; a person or an organization."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="unique_author_position")]

    def __str__(self):
        return f"{self.entity} ({self.position})"


class CaptureFormat(models.TextChoices):
    TEXT = "text", "Text page"
    HTML = "html", "HTML page"
    WARC = "warc", "WARC record"


class CaptureQuerySet(models.QuerySet):
    def mementos(self):
        """Captures as Memento lists them, oldest first, without the bytes
        or the extracted fields."""
        return self.defer("raw", "fields").order_by("captured", "pk")

    def newest_first(self):
        """Captures as an article's pages list them, without the bytes."""
        return self.defer("raw").order_by("-captured", "-pk")


class CaptureManager(models.Manager.from_queryset(CaptureQuerySet)):
    def get_queryset(self):
        # The WARC exchange is often several times the page and only fixity, export and its download
        # read it: it is loaded when asked for (``capture.exchange``, or ``only(..., "exchange")``).
        return super().get_queryset().defer("exchange")


class Capture(models.Model):
    """One archived copy of an article: the bytes exactly as received."""

    Format = CaptureFormat

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captures")
    captured = models.DateTimeField(db_index=True)
    imported = models.DateTimeField(auto_now_add=True)
    format = models.CharField(max_length=10, choices=CaptureFormat.choices)
    url = models.URLField(max_length=2000, blank=True)
    raw = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    fields = models.JSONField(default=dict, help_text="What the importer extracted from these bytes.")
    # A capture made by ``capture``/``watch``: the whole exchange (a request/response pair of WARC
    # records per redirect hop, gzip per record) exactly as written; its SHA-256 is in
    # fields["capture"]["warc_sha256"]. Empty for imported files, WARC records and JSON Lines without one.
    exchange = models.BinaryField(blank=True, default=b"", help_text="The WARC exchange of a capture from the web.")
    # Set by each import that adds a capture to the article (``archive.changes.mark_visible_changes``): the
    # feeds of changes find the newest changes by it, not by reading every recent capture.
    changed_visibly = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Whether it changed what a reader sees since the capture before it that kept its fields.",
    )

    objects = CaptureManager()

    class Meta:
        ordering = ["captured", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "sha256"], name="unique_capture_bytes")]
        get_latest_by = "captured"

    def __str__(self):
        return f"{self.article_id} @ {self.captured:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("archive:capture", args=[self.article_id, self.pk])

    def verify(self) -> bool:
        return hashlib.sha256(bytes(self.raw)).hexdigest() == self.sha256

    # The kept fields what a reader sees is read from (the change view compares them), and their shape as
    # the importer keeps them: text, or lists of text (paragraphs, tags, author names).
    TEXT_FIELDS = ("title", "byline")
    LIST_FIELDS = ("body", "tags", "authors")

    @classmethod
    def misshapen_field(cls, fields: dict) -> str:
        """The first of those fields (absent or null is fine) not in its shape, else ""."""
        for key in cls.TEXT_FIELDS + cls.LIST_FIELDS:
            value = fields.get(key)
            if value is None:
                continue
            if key in cls.TEXT_FIELDS and not isinstance(value, str):
                return key
            if key in cls.LIST_FIELDS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                return key
        return ""

    @property
    def fetch_record(self) -> dict:
        """Where a capture from the web was asked for, ended and what its WARC exchange was (else {})."""
        # Imported records may carry anything under "capture" (another tool's note): only a mapping is one.
        record = (self.fields or {}).get("capture") if isinstance(self.fields, dict) else None
        return record if isinstance(record, dict) else {}

    @property
    def exchange_sha256(self) -> str:
        """The SHA-256 recorded for the WARC exchange when it was written ("" when none was, or it is no digest)."""
        digest = self.fetch_record.get("warc_sha256", "")
        return digest if isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest) else ""

    @property
    def exchange_size(self) -> int:
        size = self.fetch_record.get("warc_size", 0)
        return size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else 0
