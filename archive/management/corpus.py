"""Synthetic articles for benchmarks: realistic in the ways search cares about.

Words follow a Zipf law over a vocabulary of real function words followed by
generated ones, so common words are in most articles and rare ones in a
handful; tags, sources, authors, people and organizations are drawn from
large pools with skewed popularity, so facets and tag pairs behave like a
real archive. Everything is a deterministic function of (seed, article
number): the same command line writes the same corpus.

``Writer`` stores them (``manage.py generate_corpus``). Benchmark support,
not part of the archive's search: it lives beside the commands that use it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag

from archive.keys.names import normalize_name
from archive.models import Article as ArticleModel
from archive.models import Entity, EntityAlias, Source
from archive.search import index, schema

# Frequent English words open the vocabulary (ranks 1..n of the Zipf law).
COMMON = (
    "the of and to a in that is was he for it with as his on be at by had are but from or have an they which one "
    "you were her all she there would their we him been has when who will more no if out so said what up its about "
    "into than them can only other new some could time these two may then do first any my now such like our over "
    "man me even most made after also did many before must through back years where much your way well down should "
    "because each just those people how too little state good very make world still own see men work long get here "
    "between both life being under never day same another know while last might us great old year off come since "
    "against go came right used take three government minister officials police security president country city "
    "report war forces military economy election court party week month today according statement told spokesman "
    "attack border talks deal prices market company support region leaders national foreign public group united"
).split()
CONSONANTS = "b c d f g h j k l m n p r s t v w z br ch cl dr gr kr pl pr sh st th tr".split()
VOWELS = "a e i o u ai ea ie ou".split()
ENDINGS = ["", "", "n", "r", "s", "l", "t", "m", "nd", "rk", "st"]


def _words(rng, n: int, syllables=(2, 4)) -> list[str]:
    seen, out = set(COMMON), []
    while len(out) < n:
        k = rng.integers(*syllables)
        word = "".join(CONSONANTS[rng.integers(len(CONSONANTS))] + VOWELS[rng.integers(len(VOWELS))] for _ in range(k))
        word += ENDINGS[rng.integers(len(ENDINGS))]
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def zipf_p(n: int, s: float = 1.0, q: float = 2.7) -> np.ndarray:
    """Zipf–Mandelbrot probabilities for ranks 1..n."""
    p = 1.0 / (np.arange(1, n + 1) + q) ** s
    return p / p.sum()


class Pools:
    """Names drawn once per seed; articles pick from them."""

    def __init__(self, seed: int, vocabulary=60_000, tags=8_000, sources=300, authors=3_000, people=6_000, orgs=2_500):
        rng = np.random.default_rng([seed, 0])
        self.vocab = np.array(COMMON + _words(rng, vocabulary - len(COMMON)), dtype=object)
        # A large Zipf sample drawn once; batches gather from it at random
        # (a resample of a Zipf sample is Zipf), far cheaper than inverse-CDF
        # sampling of every word.
        cdf = np.cumsum(zipf_p(len(self.vocab)))
        self.word_pool = np.searchsorted(cdf, np.sort(rng.random(4_000_000))).clip(0, len(self.vocab) - 1)
        # Titles and tags draw from content words (past the function words).
        self.content = self.vocab[150:20_000]
        self.content_p = zipf_p(len(self.content), s=0.9)
        self.tags = [w.capitalize() for w in _words(rng, tags, (2, 4))]
        self.tag_p = zipf_p(tags, s=0.8)
        firsts = [w.capitalize() for w in _words(rng, 400, (2, 3))]
        lasts = [w.capitalize() for w in _words(rng, people + authors, (2, 4))]
        self.people = [f"{firsts[i % len(firsts)]} {lasts[i]}" for i in range(people)]
        self.authors = [f"{firsts[(i * 7) % len(firsts)]} {lasts[people + i]}" for i in range(authors)]
        self.person_p = zipf_p(people, s=0.9)
        kinds = ["Ministry", "Agency", "Council", "Bank", "Group", "Institute", "Front", "Union", "Party", "Service"]
        stems = [w.capitalize() for w in _words(rng, orgs, (2, 4))]
        self.orgs = [f"{stems[i]} {kinds[i % len(kinds)]}" for i in range(orgs)]
        self.org_p = zipf_p(orgs, s=0.9)
        self.sources = [
            f"The {w.capitalize()} {['Times', 'Post', 'Herald', 'Wire', 'Daily'][i % 5]}"
            for i, w in enumerate(_words(rng, sources, (2, 3)))
        ]
        self.source_p = zipf_p(sources, s=0.7)
        self.author_p = zipf_p(authors, s=0.6)


VERBS = ("said", "told reporters", "added", "warned", "announced", "confirmed", "denied")
START = datetime(2006, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 20 * 365 * 86400


class Article:
    __slots__ = ("n", "title", "body", "published", "source", "authors", "tags", "mentions", "raw", "sha")


def _firsts(row, n: int) -> list[int]:
    """The first ``n`` distinct values of a row of draws."""
    return list(dict.fromkeys(row))[:n]


def make_articles(pools: Pools, seed: int, first: int, count: int) -> list[Article]:
    """Articles number ``first`` .. ``first + count - 1`` of this seed. All
    random draws for the batch are made at once (numpy), which keeps the
    per-article Python work to string joins."""
    rng = np.random.default_rng([seed, 1, first])
    words = pools.word_pool[rng.integers(len(pools.word_pool), size=count * 560 + 2000)]
    title_words = rng.choice(len(pools.content), size=(count, 12), p=pools.content_p)
    title_len = rng.integers(5, 12, size=count)
    people = rng.choice(len(pools.people), size=(count, 6), p=pools.person_p)
    orgs = rng.choice(len(pools.orgs), size=(count, 5), p=pools.org_p)
    authors = rng.choice(len(pools.authors), size=(count, 3), p=pools.author_p)
    tags = rng.choice(len(pools.tags), size=(count, 10), p=pools.tag_p)
    counts = rng.integers((1, 1, 1, 3), (5, 4, 3, 7), size=(count, 4))
    targets = rng.integers(200, 550, size=count)
    seconds = rng.integers(SPAN_SECONDS, size=count)
    sources = rng.choice(len(pools.sources), size=count, p=pools.source_p)
    sentence_len = rng.integers(8, 26, size=count * 80).tolist()
    paragraph_len = rng.integers(2, 6, size=count * 30).tolist()
    coins = (rng.random(count * 80) < 0.5).tolist()
    # Plain Python lists: indexing numpy arrays one scalar at a time is slow.
    words = pools.vocab[words].tolist()
    title_words, title_len = pools.content[title_words].tolist(), title_len.tolist()
    people, orgs, authors, tags = people.tolist(), orgs.tolist(), authors.tolist(), tags.tolist()
    counts, targets, seconds, sources = counts.tolist(), targets.tolist(), seconds.tolist(), sources.tolist()
    out, w, si, pi = [], 0, 0, 0
    for i in range(count):
        a = Article()
        a.n = first + i
        title = " ".join(title_words[i][: title_len[i]])
        a.title = title[0].upper() + title[1:]
        names = [(pools.people[j], j, "PERSON") for j in _firsts(people[i], counts[i][0])]
        names += [(pools.orgs[j], j, "ORG") for j in _firsts(orgs[i], counts[i][1])]
        target = targets[i]
        paragraphs, mentions, offset = [], [], len(a.title) + 2
        used, name_i = 0, 0
        while used < target:
            sentences, length = [], 0
            for _ in range(paragraph_len[pi]):
                k = sentence_len[si]
                if w + k > len(words):  # rarely, a batch runs past its draws: reuse them
                    w = 0
                sentence = " ".join(words[w : w + k]).capitalize()  # the vocabulary is lower case
                w += k
                used += k
                if name_i < len(names) * 2 and coins[si]:
                    name, idx, label = names[name_i % len(names)]
                    name_i += 1
                    prefix = f"{sentence}, {VERBS[name_i % len(VERBS)]} "
                    start = offset + length + len(prefix)
                    mentions.append((idx, label, start, start + len(name), name))
                    sentence = prefix + name
                si += 1
                sentence += "."
                sentences.append(sentence)
                length += len(sentence) + 1
            pi += 1
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            offset += len(paragraph) + 2
        a.body = "\n\n".join(paragraphs)
        a.mentions = mentions
        a.published = START + timedelta(seconds=seconds[i])
        a.source = sources[i]
        a.authors = _firsts(authors[i], counts[i][2])
        a.tags = _firsts(tags[i], counts[i][3])
        a.raw = f"{a.title}\n\nSynthetic article {seed}/{a.n}\n".encode()
        a.sha = hashlib.sha256(a.raw).hexdigest()
        out.append(a)
    return out


class Writer:
    """Stores the synthetic articles of one seed: its pools' sources, tags
    and entities once (``refs``: pool index -> database id), then batch by
    batch the articles with their captures, tags, authors and mentions, and
    the search index rows -- set-wise from the posting rules, with the index
    triggers off for the batch's transaction (a trigger per row would cost
    more than the rows)."""

    def __init__(self, pools: Pools, seed: int):
        self.pools = pools
        self.prefix = f"synthetic.invalid/{seed}/"
        self.refs = self._store_pools(pools, seed)

    def written(self) -> int:
        """Articles of this seed already stored: the next one's number."""
        return ArticleModel.objects.filter(identifier__startswith=self.prefix).count()

    def _store_pools(self, pools: Pools, seed: int) -> dict:
        """Sources, tags and entities of the pools, created once per seed; maps
        of pool index -> database id."""
        with transaction.atomic():
            src = [(n, f"{slugify(n)}-s{seed}") for n in pools.sources]
            Source.objects.bulk_create(
                [Source(name=n, slug=s, domain=f"{s}.synthetic.invalid") for n, s in src], ignore_conflicts=True
            )
            by_slug = dict(Source.objects.filter(slug__in=[s for _, s in src]).values_list("slug", "pk"))
            sources = [by_slug[s] for _, s in src]
            Tag.objects.bulk_create([Tag(name=n, slug=slugify(n)) for n in pools.tags], ignore_conflicts=True)
            by_name = dict(Tag.objects.filter(name__in=pools.tags).values_list("name", "pk"))
            tags = [by_name[n] for n in pools.tags]
            people = self._entities(pools.people, Entity.Kind.PERSON, seed, "p", "Synthetic public figure")
            orgs = self._entities(pools.orgs, Entity.Kind.ORGANIZATION, seed, "o", "Synthetic organization")
            authors = self._entities(pools.authors, Entity.Kind.PERSON, seed, "a", "Synthetic reporter")
            # Surnames as aliases for the best-known people, as the analysis would find them.
            EntityAlias.objects.bulk_create(
                [
                    EntityAlias(entity_id=people[i], name=n.split()[-1], key=normalize_name(n.split()[-1]))
                    for i, n in enumerate(pools.people[:1000])
                ],
                ignore_conflicts=True,
            )
        return {"sources": sources, "tags": tags, "people": people, "orgs": orgs, "authors": authors}

    def _entities(self, names, kind, seed, code, description) -> list[int]:
        rows = [(n, f"{slugify(n)}-s{seed}{code}") for n in names]
        Entity.objects.bulk_create(
            [Entity(name=n, slug=s, kind=kind, key=normalize_name(n), description=description) for n, s in rows],
            ignore_conflicts=True,
        )
        by_slug = {}
        slugs = [s for _, s in rows]
        for i in range(0, len(slugs), 900):  # stay under SQLite's parameter limit
            by_slug.update(Entity.objects.filter(slug__in=slugs[i : i + 900]).values_list("slug", "pk"))
        return [by_slug[s] for s in slugs]

    def write(self, batch: list[Article], first_id: int) -> None:
        """One batch (ids from ``first_id``) in one transaction, as raw rows:
        model instances would cost more than the rest of the work together."""
        prefix, refs = self.prefix, self.refs
        ops = connection.ops
        now = ops.adapt_datetimefield_value(datetime.now(UTC))
        ct = ContentType.objects.get_for_model(ArticleModel).pk
        articles, captures, tagged, authors, mentions = [], [], [], [], []
        for i, a in enumerate(batch):
            pk = first_id + i
            url = f"https://{prefix}{a.n}"
            published = ops.adapt_datetimefield_value(a.published)
            words = a.body.count(" ") + a.body.count("\n\n") + 1
            byline = "By " + " and ".join(self.pools.authors[j] for j in a.authors)
            summary = a.body[: a.body.find("\n\n")]
            source_id = refs["sources"][a.source]
            for idx, label, start, end, text in a.mentions:
                entity = refs["people"][idx] if label == "PERSON" else refs["orgs"][idx]
                mentions.append((pk, entity, start, end, text, label))
            values = {
                "id": pk,
                "identifier": prefix + str(a.n),
                "url": url,
                "title": a.title,
                "slug": slugify(a.title)[:100],
                "source_id": source_id,
                "byline": byline,
                "published": published,
                "captured": published,
                "language": "en",
                "read_time": ArticleModel.estimate_read_time(words),
                "word_count": words,
                "body": a.body,
                "summary": summary,
                "is_synthetic": True,
                "search_facets": "",  # written with the index rows, below
            }
            articles.append([values.get(c, d) for c, d in self._article_columns])
            captures.append((pk, published, now, "text", url, a.raw, a.sha, len(a.raw), '{"synthetic": true}', b""))
            tagged += [(ct, pk, refs["tags"][t]) for t in a.tags]
            authors += [(pk, refs["authors"][j], pos) for pos, j in enumerate(a.authors)]
        columns = ", ".join(connection.ops.quote_name(c) for c, _ in self._article_columns)
        marks = ", ".join(["%s"] * len(self._article_columns))
        with transaction.atomic(), schema.writing_index_directly(connection), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO archive_article ({columns}) VALUES ({marks})", articles)
            cursor.executemany(
                # Django's field default is not a database default: a raw INSERT names every NOT NULL column.
                "INSERT INTO archive_capture (article_id, captured, imported, format, url, raw, sha256, size, "
                "fields, exchange) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                captures,
            )
            cursor.executemany(
                "INSERT INTO taggit_taggeditem (content_type_id, object_id, tag_id) VALUES (%s, %s, %s)", tagged
            )
            cursor.executemany(
                "INSERT INTO archive_articleauthor (article_id, entity_id, position) VALUES (%s, %s, %s)", authors
            )
            cursor.executemany(
                'INSERT INTO archive_mention (article_id, entity_id, start, "end", text, label) '
                "VALUES (%s, %s, %s, %s, %s, %s)",
                mentions,
            )
            # The index rows the triggers would have written, from the same posting rules.
            index.index_written(connection, first_id, first_id + len(batch) - 1)

    @property
    def _article_columns(self):
        """(column, default) for every article column, so a field added to the
        model later gets its default instead of breaking the raw insert."""
        if not hasattr(self, "_columns"):
            self._columns = [
                (f.column, f.get_db_prep_save(f.get_default(), connection)) for f in ArticleModel._meta.concrete_fields
            ]
        return self._columns
