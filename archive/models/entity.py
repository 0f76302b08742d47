from django.db import models
from django.utils.text import slugify

from archive.links import link
from archive.nlp.names import normalize_name


class EntityKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    PLACE = "place", "Place"
    GROUP = "group", "Group"


class EntityQuerySet(models.QuerySet):
    def canonical(self):
        """Entities that have not been merged into another."""
        return self.filter(merged_into__isnull=True)

    def resolve(self, name: str, kind: str, create: bool = True, description: str = ""):
        """The one Entity a name stands for: an existing entity or alias of that
        kind with the same normalised name, following curator merges; else a
        new entity (when ``create``)."""
        key = normalize_name(name)
        alias = EntityAlias.objects.select_related("entity").filter(key=key, entity__kind=kind).first()
        if alias is not None:
            return alias.entity.final()
        entity = self.filter(key=key, kind=kind).first()
        if entity is not None:
            return entity.final()
        if not create:
            return None
        entity = self.create(name=name, kind=kind, key=key, slug=_unique_slug(name), description=description)
        return entity


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:70] or "entity"
    slug, n = base, 1
    while Entity.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Entity(models.Model):
    """A person, organization, place or group: an article's author as much
    as someone the text mentions, so an author page is a person page."""

    Kind = EntityKind

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=90, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=EntityKind.choices, db_index=True)
    key = models.CharField(max_length=300, db_index=True, help_text="Normalised name used to match mentions.")
    description = models.CharField(max_length=500, blank=True)
    # A curator's merge: the analysis resolves names of this entity to the
    # target, so the merge survives re-analysis.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    created = models.DateTimeField(auto_now_add=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("archive:entity", self.slug)

    def final(self) -> "Entity":
        """Follow merges to the entity that now stands for this one."""
        entity, seen = self, set()
        while entity.merged_into_id and entity.pk not in seen:
            seen.add(entity.pk)
            entity = entity.merged_into
        return entity


class EntityAlias(models.Model):
    """Another name an entity goes by ("Bortnikov", "ISIS")."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)
    # Set by a curator's merge or split: analysis then files this name under
    # this entity even where the text's own resolution would say otherwise.
    curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["entity", "key"], name="unique_alias_per_entity")]
        verbose_name_plural = "entity aliases"

    def __str__(self):
        return self.name


class Mention(models.Model):
    """One place in an article's text where an entity is named."""

    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300)
    label = models.CharField(max_length=10)

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["entity", "article"])]

    def __str__(self):
        return self.text
