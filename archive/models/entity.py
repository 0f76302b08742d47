from django.db import models

from archive.keys.names import initials_key, normalize_name, tail_key
from archive.links import link

from .mention import Mention
from .slugs import unique_slug

# spaCy labels the analysis stores on mentions, and the kind each stands for.
LABEL_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "NORP": "group"}


class EntityKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    PLACE = "place", "Place"
    GROUP = "group", "Group"


class IndexOrder(models.TextChoices):
    """The orders of the People and Organizations indexes (``?sort=``)."""

    ARTICLES = "articles", "number of articles"
    NAME = "name", "name"


INDEX_ORDERINGS = {IndexOrder.ARTICLES: ("-n_articles", "name", "pk"), IndexOrder.NAME: ("name", "pk")}


# A surname several people of the archive share is the one named in at least this many articles, and this
# many times as many as any other of them (``EntityQuerySet._dominant_by_surname``).
DOMINANT_ARTICLES = 3
DOMINANT_MARGIN = 3


class EntityQuerySet(models.QuerySet):
    def canonical(self):
        """Entities that have not been merged into another."""
        return self.filter(merged_into__isnull=True)

    def index(self, kind: str, order: str = "articles", text: str = ""):
        """The People or Organizations index: ``index_entries`` with their article counts, in ``order`` (an
        ``IndexOrder``). Count the page's entries with ``index_entries(...).count()``: this one's count would
        still join and group every mention of the kind."""
        return self.index_entries(kind, text).with_article_counts().order_by(*INDEX_ORDERINGS[IndexOrder(order)])

    def index_entries(self, kind: str, text: str = ""):
        """Listed entities of ``kind`` named in at least one article, those whose name or an alias holds
        ``text``: EXISTS tests, so counting them counts entity rows, with no HAVING over a COUNT(DISTINCT)
        of each entity's mentions and no join on the aliases to make distinct again."""
        entity = models.OuterRef("pk")
        entities = self.listed().filter(kind=kind).filter(models.Exists(Mention.objects.filter(entity=entity)))
        if text:
            aliased = EntityAlias.objects.filter(entity=entity, name__icontains=text)
            entities = entities.filter(models.Q(name__icontains=text) | models.Exists(aliased))
        return entities

    def named_with(self, entity, limit: int = 12):
        """The entities most often named in the same articles as ``entity``, each with ``n``, the articles shared."""
        shared = Mention.objects.filter(entity=entity).values("article")
        return (
            self.filter(mentions__article__in=shared)
            .exclude(pk=entity.pk)
            .annotate(n=models.Count("mentions__article", distinct=True))
            .order_by("-n", "name")[:limit]
        )

    def with_article_counts(self):
        """Each entity annotated with ``n_articles``, the number of articles
        that mention it (the People and Organizations indexes sort by it)."""
        return self.annotate(n_articles=models.Count("mentions__article", distinct=True))

    def listed(self):
        """People and organizations the archive is sure of, for the indexes
        and entity panels: canonical, and named with confidence at least
        once (a person introduced by name, an organization acting in the
        text), or named by a curator, as an author, or as the speaker or the
        outlet of a statement ("according to Russia's RT Television": the
        text relies on it as a source). An entity the analysis
        was unsure of everywhere (a product, a platform only named as the
        medium, a fragment of a table row) keeps its mentions, so search still
        finds it, but is not listed. A person known by one word only is
        listed where a text introduces it as one (a title, kin, "he" or
        "she"), or where the one article that names it is sure of it or lets
        it speak ("Luke: The ski is light"); not for speaking or acting on
        many pages that never introduce it ("Twitter pledged ...")."""
        # The article and statement models sit above this one (they point at entities), so they are reached
        # through the relations they declare, not imported.
        ArticleAuthor = self.model._meta.get_field("authorships").related_model  # noqa: N806
        Statement = self.model._meta.get_field("statements").related_model  # noqa: N806
        entity = models.OuterRef("pk")
        named = Mention.objects.filter(entity=entity)
        confident = models.Exists(named.filter(confident=True))
        curated = EntityAlias.objects.filter(entity=entity, curated=True)
        authored = ArticleAuthor.objects.filter(entity=entity)
        cited = Statement.objects.filter(models.Q(speaker=entity) | models.Q(via=entity))
        # A person known by one word: introduced as one somewhere, or sure in the one article naming it.
        lone = models.Q(kind=EntityKind.PERSON) & ~models.Q(key__contains=" ")
        first_named = Mention.objects.filter(entity=models.OuterRef(models.OuterRef("pk")))
        first = models.Subquery(first_named.order_by("article_id").values("article_id")[:1])
        elsewhere = models.Exists(named.exclude(article_id=first))
        introduced = models.Exists(named.filter(confident=True, introduced=True))
        sure = (~lone & confident) | (lone & (introduced | (confident & ~elsewhere)))
        return (
            self.canonical()
            .filter(kind__in=[EntityKind.PERSON, EntityKind.ORGANIZATION])
            .filter(
                sure | models.Exists(curated) | models.Exists(authored) | (models.Exists(cited) & ~(lone & elsewhere))
            )
        )

    def resolve(
        self,
        name: str,
        kind: str,
        create: bool = True,
        description: str = "",
        as_person: bool = True,
        team: bool = False,
        sure: bool = True,
    ):
        """The one Entity a name stands for, across the whole archive.

        In order: a curator's alias; an entity or alias with the same
        normalised name, of any kind (one name is one entity whatever kind
        one article's mention was given: the kind is settled by the evidence
        of all its mentions, see ``settle_kind``), the given kind first; an
        acronym and the one long form whose initials spell it ("UN" and
        "United Nations", either arriving first); a person's lone surname and
        the one person whose full name ends in it ("Boutros-Ghali"). Curator
        merges are followed. Else a new entity (when ``create``).

        A lone word joins a full name by surname only ``as_person``: when
        the text speaks of it as a person (a title, "he" or "she", a verb of
        speech). Else "Hamilton", a musical on one page, would be filed under
        the Bethany Hamilton of another.

        A ``team`` (a side in sport the text names by its place: "France
        beat Mexico") is never the place of that name, and a place never
        joins a team of its name: the country and its team, the town and its
        club, are two entities whichever the archive met first. Any other
        organization a place shares its name with ("Kremlin", "Vatican") is
        one entity with it, its kind settled by its mentions.

        A name the text is not ``sure`` of ("AirPods Pro" on a shopping
        page, "FR" after a ski's name) joins no acronym or long form by its
        letters ("AP", "Federal Reserve")."""
        key = normalize_name(name)
        found = self._by_key(key, kind, as_person, team)
        if found is None:
            found = self._by_initials(name, key, kind, team, sure) or (
                self._by_surname(name, key, kind) if as_person else None
            )
        if found is not None and is_acronym_form(name) and found.kind == EntityKind.PERSON:
            # "EU", where the archive holds "Eu", a Portuguese page's pronoun: the long form it spells, if any.
            if not _written_as_acronym(found):
                found = self._by_initials(name, key, kind, team, sure) or found
        if found is not None:
            found = found.final()
            if team and found.kind == EntityKind.ORGANIZATION and not found.team:
                self.filter(pk=found.pk).update(team=True)
                found.team = True
            return found
        if not create:
            return None
        return self.create(
            name=name,
            kind=kind,
            key=key,
            team=team and kind == EntityKind.ORGANIZATION,
            slug=Entity.free_slug(name),
            description=description,
            initials=initials_key(name),
            tail=tail_key(name) if kind == EntityKind.PERSON else "",
        )

    def _by_key(self, key: str, kind: str, as_person: bool = True, team: bool = False):
        aliases = list(
            EntityAlias.objects.select_related("entity").filter(key=key).order_by("-curated", "entity_id")[:20]
        )
        if aliases and aliases[0].curated:
            return aliases[0].entity
        named = list(self.filter(key=key).order_by("pk")[:20])
        candidates = named + [a.entity for a in aliases]
        if " " not in key and not as_person:
            # A full name another article gave this word as its surname is no evidence here.
            candidates = [e for e in candidates if e.tail != key or e.key == key]
        if team:
            candidates = [e for e in candidates if e.kind != EntityKind.PLACE]
        elif kind == EntityKind.PLACE:
            candidates = [e for e in candidates if not (e.kind == EntityKind.ORGANIZATION and e.team)]
        if not candidates:
            return None
        if " " not in key and kind == EntityKind.PERSON:
            # A lone surname is the one person the archive knows by it, even
            # where an earlier article filed the word apart ("Trump" as an
            # organization).
            people = [e for e in candidates if e.kind == EntityKind.PERSON and e.tail == key]
            if as_person:
                # Or where the word's own entity was kept apart ("Hamilton" on a page that never spoke of a person).
                people += self.canonical().filter(kind=EntityKind.PERSON, tail=key)[:2]
            if len({e.pk for e in people}) == 1:
                return people[0]
            if as_person and (dominant := self._dominant_by_surname(key)) is not None:
                return dominant
        if team:
            # "Seattle" in a table after a report named it as the "Seattle Mariners": the club.
            clubs = {
                a.entity.pk: a.entity
                for a in aliases
                if a.entity.key.startswith(f"{key} ") and a.entity.kind == EntityKind.ORGANIZATION
            }
            if len(clubs) == 1:
                return next(iter(clubs.values()))
        # The given kind first, then the entity most often meant by the name.
        same = [e for e in candidates if e.kind == kind]
        return (same or candidates)[0]

    def _by_initials(self, name: str, key: str, kind: str, team: bool = False, sure: bool = True):
        short = key.replace(" ", "")
        if not sure:
            return None  # "FR" after a ski's name on a review page is not the Federal Reserve
        if is_acronym_form(name):
            # Whatever kind this mention was given: one article's "U.N." read
            # as a person (spoken of as "he") is still the organization.
            # "U.N." or "UN": the one organization whose long form it spells.
            apart = [EntityKind.PERSON, EntityKind.PLACE] if team else [EntityKind.PERSON]
            longs = self.canonical().filter(initials=short).exclude(key=key).exclude(kind__in=apart)
            # "AP": The Associated Press, which some text was sure of, not the "Acme Partners" of a German
            # page that only the model's guess made a name. A long form nobody is sure of yet joins its
            # acronym once a text is (``archive_links.acronym_filed_apart``).
            named = Mention.objects.filter(entity=models.OuterRef("pk"))
            unsure = models.Exists(named) & ~models.Exists(named.filter(confident=True))
            found = list(longs.exclude(unsure)[:2])
            return found[0] if len(found) == 1 else None
        if kind not in (EntityKind.ORGANIZATION, EntityKind.GROUP, EntityKind.PLACE):
            return None
        initials = initials_key(name)
        if initials and len(initials) >= 2:
            shorts = self.canonical().filter(key__in=[initials, " ".join(initials)], initials="")
            shorts = list((shorts.exclude(kind=EntityKind.PLACE) if team else shorts)[:2])
            # A short form filed as a person is still this long form's
            # acronym when it is written as one ("U.N.", "FSB") somewhere.
            if len(shorts) == 1 and (shorts[0].kind != EntityKind.PERSON or _written_as_acronym(shorts[0])):
                return shorts[0]
        return None

    def _dominant_by_surname(self, key: str):
        """The person the archive means by a surname when several full names end in it: the one named in
        many more articles than any other ("Trump" is Donald Trump, not a "Counselor To Trump" read once
        in a headline), else None ("Waugh" is Steve or Mark)."""
        people = list(
            self.canonical()
            .filter(kind=EntityKind.PERSON, tail=key)
            .annotate(n=models.Count("mentions__article", distinct=True))
            .order_by("-n", "pk")[:2]
        )
        if len(people) < 2:
            return None
        first, second = people
        return first if first.n >= DOMINANT_ARTICLES and first.n >= DOMINANT_MARGIN * max(second.n, 1) else None

    def _by_surname(self, name: str, key: str, kind: str):
        if kind != EntityKind.PERSON:
            return None
        if " " not in name.strip():
            if is_acronym_form(name):
                return None
            # "Boutros-Ghali": the one person whose full name ends so.
            people = list(self.canonical().filter(kind=EntityKind.PERSON, tail=key).exclude(key=key)[:2])
            return people[0] if len(people) == 1 else self._dominant_by_surname(key)
        words = name.split()
        if len(words) == 2 and len(words[0]) == 2 and words[0][1] == ".":
            # "S. Waugh": the one person of that surname and first initial.
            initial = words[0][0].casefold()
            people = [
                e
                for e in self.canonical().filter(kind=kind, tail=tail_key(name)).exclude(key=key)[:5]
                if e.key[:1] == initial and not e.key.startswith(initial + " ")
            ]
            return people[0] if len(people) == 1 else None
        # The full name after articles that gave only the surname: the
        # surname's entity becomes this person, unless another person
        # already has that surname.
        tail = tail_key(name)
        if not tail or self.canonical().filter(kind=kind, tail=tail).exists():
            return None
        lone = list(self.canonical().filter(kind=kind, key=tail, tail="")[:2])
        if len(lone) != 1:
            return None
        entity = lone[0]
        entity.go_by(name)
        return entity


def _written_as_acronym(entity) -> bool:
    """ "EU" on one page, where the entity got its name "Eu" from a Portuguese page's pronoun."""
    if is_acronym_form(entity.name):
        return True
    forms = set(entity.mentions.filter(confident=True).values_list("text", flat=True)[:50])
    return any(is_acronym_form(f) for f in forms)


def is_acronym_form(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return 2 <= len(letters) <= 8 and all(ch.isupper() for ch in letters) and " " not in name.strip()


class Entity(models.Model):
    """A person, organization, place or group: an article's author as much
    as someone the text mentions, so an author page is a person page."""

    Kind = EntityKind

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=90, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=EntityKind.choices, db_index=True)
    key = models.CharField(max_length=300, db_index=True, help_text="Normalised name used to match mentions.")
    description = models.CharField(max_length=500, blank=True)
    # Keys for joining other names of the same entity across articles: the
    # initials of a long form ("un" for United Nations) and a person's
    # surname ("boutros ghali" for Boutros Boutros-Ghali).
    initials = models.CharField(max_length=20, blank=True, default="", db_default="", db_index=True)
    tail = models.CharField(max_length=150, blank=True, default="", db_default="", db_index=True)
    # A curator's merge: the analysis resolves names of this entity to the
    # target, so the merge survives re-analysis.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    # An organization the analysis met as a side in sport ("France beat Mexico"): a place of its name
    # stays apart from it, where it joins any other organization of its name ("Kremlin").
    team = models.BooleanField(default=False, db_default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("archive:entity", self.slug)

    @classmethod
    def free_slug(cls, name: str) -> str:
        """A slug for ``name`` no entity has yet (for a new entity, or a curator's split)."""
        return unique_slug(cls, name, length=70, fallback="entity", allow_unicode=True)

    def final(self) -> "Entity":
        """Follow merges to the entity that now stands for this one."""
        entity, seen = self, set()
        while entity.merged_into_id and entity.pk not in seen:
            seen.add(entity.pk)
            entity = entity.merged_into
        return entity

    def go_by(self, name: str) -> None:
        """Take ``name``, a fuller name of it, as the name this entity goes by; the old name stays an alias
        (its slug stays, so links to its page still work)."""
        EntityAlias.objects.get_or_create(entity=self, key=self.key, defaults={"name": self.name})
        self.name, self.key, self.initials = name, normalize_name(name), initials_key(name)
        self.tail = tail_key(name) if self.kind == EntityKind.PERSON else ""
        self.save(update_fields=["name", "key", "tail", "initials"])

    def absorb(self, other: "Entity") -> None:
        """Make ``other`` this entity: an acronym filed apart before the archive was sure of its long form
        ("AP" beside "The Associated Press"). Its mentions, statements, roles and authorships move here, its
        names become aliases, and it points here (``final``) for links to its old page."""
        names = {other.name: other.key, **dict(other.aliases.values_list("name", "key"))}
        known = {self.key, *self.aliases.values_list("key", flat=True)}
        for name, key in names.items():
            if key and key not in known:
                EntityAlias.objects.create(entity=self, key=key, name=name)
                known.add(key)
        other.mentions.update(entity=self)
        other.statements.update(speaker=self, speaker_name=self.name)
        other.reported.update(via=self)
        for field, related in (("person", other.roles), ("organization", other.members)):
            for role in related.all():
                clash = type(role).objects.filter(**{field: self}, article=role.article_id)
                other_side = "organization" if field == "person" else "person"
                if clash.filter(**{other_side: getattr(role, f"{other_side}_id")}).exists():
                    role.delete()
                else:
                    setattr(role, field, self)
                    role.save(update_fields=[field])
        other.authorships.update(entity=self)
        Entity.objects.filter(merged_into=other).update(merged_into=self)
        other.merged_into = self
        other.save(update_fields=["merged_into"])

    def settle_kind(self) -> None:
        """The kind most of its mentions were given, across the archive; the
        current kind stays on a tie, so one new article does not flip it."""
        counts: dict[str, int] = {}
        # A one-word "person" no text introduced as one ("Twitter asks ...") is no vote for a person.
        labels = self.mentions.filter(confident=True).exclude(label="PERSON", introduced=False).values_list("label")
        for label, n in labels.annotate(n=models.Count("pk")).order_by():
            kind = LABEL_KINDS.get(label)
            if kind:
                counts[kind] = counts.get(kind, 0) + n
        if not counts:
            return
        best = max(counts, key=lambda k: (counts[k], k == self.kind))
        if best != self.kind and counts[best] > counts.get(self.kind, 0):
            self.kind = best
            if best != EntityKind.PERSON:
                self.tail = ""
            Entity.objects.filter(pk=self.pk).update(kind=best, tail=self.tail)


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
