"""The curators' admin: browse everything, merge and split entities.

Merges are recorded on the entity (``merged_into``) and analysis resolves
names through it, so a merge survives re-analysis; a split moves an alias
(and the mentions written that way) to an entity of its own.
"""

from django.contrib import admin, messages
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html

from archive.keys.names import normalize_name
from archive.models import Article, Capture, Entity, EntityAlias, Mention, QueueTask, Role, Source, Statement, Watch
from archive.models.statement import CONFIDENT


class CaptureInline(admin.TabularInline):
    model = Capture
    fields = ["captured", "format", "url", "sha256", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published", "captured", "analyzed_version"]
    list_filter = ["source", "comments", "is_synthetic"]
    search_fields = ["title", "url"]
    date_hierarchy = "published"
    raw_id_fields = ["source"]
    inlines = [CaptureInline]
    readonly_fields = ["identifier", "captured", "word_count", "analyzed_version"]


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    list_display = ["article", "captured", "format", "sha256", "size"]
    list_filter = ["format"]
    raw_id_fields = ["article"]
    # The bytes are the archive's evidence: nobody edits them, not even curators.
    readonly_fields = ["article", "captured", "format", "url", "sha256", "size", "warc_exchange", "fields", "imported"]
    exclude = ["raw", "exchange"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="WARC exchange")
    def warc_exchange(self, capture):
        """What a capture from the web keeps of its exchange (the bytes themselves are never loaded here)."""
        if not capture.exchange_sha256:
            return "none kept (not captured from the web)"
        url = reverse("interop:api:capture_warc", args=[capture.pk])
        return format_html(
            '{} bytes, SHA-256 <code>{}</code> (<a href="{}">download as WARC</a>)',
            capture.exchange_size,
            capture.exchange_sha256,
            url,
        )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "slug"]
    search_fields = ["name", "domain"]


class AliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ["name", "key"]
    readonly_fields = ["key"]
    extra = 0


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description", "merged_into"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    raw_id_fields = ["merged_into"]
    inlines = [AliasInline]
    actions = ["merge_into_first", "unmerge"]

    @admin.action(description="Merge the selected entities into the first selected (oldest)")
    def merge_into_first(self, request, queryset):
        entities = list(queryset.order_by("pk"))
        if len(entities) < 2:
            self.message_user(request, "Select at least two entities to merge.", messages.WARNING)
            return
        target, others = entities[0], entities[1:]
        merge_entities(target, others)
        self.message_user(request, f"Merged {len(others)} into {target.name}.")

    @admin.action(description="Undo a merge (the entity stands on its own again)")
    def unmerge(self, request, queryset):
        count = queryset.exclude(merged_into=None).update(merged_into=None)
        self.message_user(request, f"{count} entities stand on their own again; re-run analyze --all to re-link them.")


@transaction.atomic
def merge_entities(target: Entity, others: list[Entity]) -> None:
    for other in others:
        for name in [other.name, *other.aliases.values_list("name", flat=True)]:
            key = normalize_name(name)
            if key != target.key:
                EntityAlias.objects.update_or_create(entity=target, key=key, defaults={"name": name, "curated": True})
        Mention.objects.filter(entity=other).update(entity=target)
        Statement.objects.filter(speaker=other).update(speaker=target, speaker_name=target.name)
        Statement.objects.filter(via=other).update(via=target)
        Role.objects.filter(person=other).update(person=target)
        Role.objects.filter(organization=other).update(organization=target)
        other.authorships.update(entity=target)
        Entity.objects.filter(merged_into=other).update(merged_into=target)
        other.merged_into = target
        other.save(update_fields=["merged_into"])


@admin.register(EntityAlias)
class EntityAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "entity"]
    search_fields = ["name", "entity__name"]
    raw_id_fields = ["entity"]
    actions = ["split_off"]

    @admin.action(description="Split the selected aliases off into entities of their own")
    def split_off(self, request, queryset):
        for alias in queryset.select_related("entity"):
            split_alias(alias)
        self.message_user(request, f"Split off {queryset.count()} aliases.")


@transaction.atomic
def split_alias(alias: EntityAlias) -> Entity:
    """Make an alias its own entity, taking the mentions written that way."""
    source = alias.entity
    new = Entity.objects.create(name=alias.name, kind=source.kind, key=alias.key, slug=Entity.free_slug(alias.name))
    moved = [m.pk for m in Mention.objects.filter(entity=source) if normalize_name(m.text) == alias.key]
    Mention.objects.filter(pk__in=moved).update(entity=new)
    alias.entity = new
    alias.curated = True
    alias.save(update_fields=["entity", "curated"])
    return new


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    """Every statement, the unsure ones too: readers see only ``Statement.objects.confident()``."""

    list_display = ("__str__", "cue", "kind", "confidence", "shown", "article")
    list_filter = ("kind",)
    list_select_related = ("article",)
    search_fields = ("speaker_name", "content")
    raw_id_fields = ("article", "speaker", "via")

    @admin.display(boolean=True, description="shown to readers", ordering="confidence")
    def shown(self, statement):
        return statement.confidence >= CONFIDENT


admin.site.register(Role)


@admin.register(QueueTask)
class QueueTaskAdmin(admin.ModelAdmin):
    """The task queue's record (issue 18): what was queued, what ran where, and the
    dead letters (state "failed"): tasks that failed every retry, with the error."""

    list_display = ["pk", "kind", "state", "name", "attempts", "worker", "enqueued", "finished"]
    list_filter = ["state", "kind"]
    search_fields = ["name", "error"]
    readonly_fields = [f.name for f in QueueTask._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Watch)
class WatchAdmin(admin.ModelAdmin):
    """What curators watch (issue 19): ``manage.py watch`` captures each again once its interval has passed."""

    list_display = [
        "pk",
        "kind",
        "url",
        "name",
        "interval",
        "active",
        "last_run",
        "last_new",
        "last_changed",
        "last_failed",
    ]
    list_filter = ["kind", "active"]
    search_fields = ["url", "name"]
    fields = ["kind", "url", "name", "interval", "active", "ignore_robots", "last_run", "last_result"]
    readonly_fields = ["last_run", "last_result"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a URL typed without one
