import re
from functools import reduce
from operator import and_, or_

from django.db import models
from django.urls import reverse

from .entity import Entity


class StatementKind(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    INDIRECT = "indirect", "Reported speech"
    MIXED = "mixed", "Mixed"
    ACCORDING_TO = "according_to", "According to"


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    UNNAMED = "unnamed", "Unnamed source"


# Statements at or above this confidence are shown on the public pages; the
# rest stay in the admin for curators. The same number as
# ``archive.nlp.statement_confidence.CONFIDENT`` (a test holds them equal).
CONFIDENT = 0.5

# Endings a word takes in running text, so that a search for the bare word finds them (as the stemmed
# article search would: "camp" finds "camps", "camped"; "art" never finds "party").
_ENDINGS = r"(s|es|d|ed|ing|er|ers|'s|’s)?"
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def _said(words: tuple[str, ...]) -> models.Q:
    """One word or phrase at its own boundaries, in any case. The regular expression is the subset Python
    (SQLite's REGEXP in Django) and PostgreSQL agree on: ``\\W`` and anchors, every word escaped. A plain
    LIKE of the term's longest ASCII stretch comes first: it narrows the rows the expression then reads
    (a Python call per row on SQLite), and SQLite's LIKE folds the case of ASCII letters only, so of
    "ärzte" it is "rzte" that is looked for, never the "ä" it would miss in "ÄRZTE"."""
    body = r"\W+".join(re.escape(word) + _ENDINGS for word in words)
    regex = models.Q(content__iregex=rf"(^|\W){body}(\W|$)")
    runs = [run for word in words for run in _ASCII_RUN.findall(word)]
    longest = max(runs, key=len, default="")
    return models.Q(content__icontains=longest) & regex if len(longest) >= 2 else regex


class StatementQuerySet(models.QuerySet):
    def confident(self):
        """The statements attribution is sure enough of to show readers."""
        return self.filter(confidence__gte=CONFIDENT)

    def with_listing(self):
        return self.select_related("article__source", "speaker", "via")

    def by_organization(self, entity):
        """Said by the organization itself or by someone the text ties to it by role."""
        people = Role.objects.filter(organization=entity).values("person")
        return self.filter(models.Q(speaker=entity) | models.Q(speaker__in=people))

    def unnamed(self):
        return self.filter(speaker_kind=SpeakerKind.UNNAMED)

    def saying(self, wanted: list[list[tuple[str, ...]]], unwanted: list[tuple[str, ...]] = ()):
        """Statements whose content holds, as words, a term of every group of ``wanted`` and no term of
        ``unwanted``; a term is a word or a phrase, given as its words (letters and digits only: the
        search language's parser, ``archive.search.statements``, reads them)."""
        conditions = [reduce(or_, (_said(term) for term in group)) for group in wanted if group]
        conditions += [~_said(term) for term in unwanted]
        return self.filter(reduce(and_, conditions)) if conditions else self

    def newest(self):
        """Newest article first (undated ones by capture, as ``ArticleQuerySet.newest``), then
        the statements in the article's order; a total order, so pages never overlap."""
        return self.order_by(
            models.F("article__published").desc(nulls_last=True), "-article__captured", "-article_id", "position", "pk"
        )


class Statement(models.Model):
    """Something the article attributes to a speaker: who said what, through whom.
    Offsets are into ``Article.text`` (title, blank line, body)."""

    Kind = StatementKind
    SpeakerKind = SpeakerKind

    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=StatementKind.choices, db_index=True)
    cue = models.CharField(max_length=200)
    cue_start = models.PositiveIntegerField()
    cue_end = models.PositiveIntegerField()
    source_text = models.CharField(max_length=500, blank=True, help_text="The source as written.")
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    speaker = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    speaker_kind = models.CharField(max_length=20, choices=SpeakerKind.choices, blank=True)
    speaker_name = models.CharField(max_length=500, blank=True, help_text="Resolved name, or an unnamed source.")
    content = models.TextField()
    content_start = models.PositiveIntegerField()
    content_end = models.PositiveIntegerField()
    via = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="reported")
    recipient = models.CharField(max_length=300, blank=True)
    confidence = models.FloatField(
        default=1.0, db_index=True, help_text="How sure attribution is, 0 to 1; public pages show 0.5 and above."
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="unique_statement_position")]

    def __str__(self):
        return f"{self.speaker_name or self.source_text}: {self.content[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"s{self.position}"


class Role(models.Model):
    """A person's role at an organization as an article states it
    ("director of Russia’s FSB")."""

    person = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="roles")
    organization = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="members")
    description = models.CharField(max_length=500)
    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="roles")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "organization", "article"], name="unique_role_per_article")
        ]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("archive:entity", args=[self.person.slug])
