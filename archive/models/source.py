from django.db import models

from archive.links import link

from .slugs import unique_slug


class SourceQuerySet(models.QuerySet):
    def named(self, value: str):
        """The sources ``value`` names: by slug or domain (any case), else by name (any case), the first of each."""
        value = value.strip()
        by_key = self.filter(models.Q(slug=value.lower()) | models.Q(domain__iexact=value)).order_by("pk")[:1]
        return by_key if by_key.exists() else self.filter(name__iexact=value).order_by("pk")[:1]

    def with_article_counts(self):
        """Each source annotated with ``n``, its number of articles."""
        return self.annotate(n=models.Count("articles"))

    def for_page(self, name: str, domain: str = "", home_url: str = "") -> "Source":
        """The source a page belongs to: by domain when known, else by name."""
        domain = domain.lower().removeprefix("www.")
        if domain:
            # One Source per domain; a name read from a page replaces the domain stand-in.
            source = self.filter(domain=domain).first()
            if source is not None and name and source.name == domain and name != domain:
                source.name = name
                source.save(update_fields=["name"])
        else:
            source = self.filter(domain="", name=name).first()
        if source is None:
            name = name or domain or "Unknown source"
            slug = unique_slug(self.model, name, length=60, fallback="source")
            source = self.create(name=name, domain=domain, home_url=home_url, slug=slug)
        return source


class Source(models.Model):
    """The publication or site an article came from."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    domain = models.CharField(max_length=253, blank=True, db_index=True)
    home_url = models.URLField(max_length=500, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("archive:source", self.slug)
