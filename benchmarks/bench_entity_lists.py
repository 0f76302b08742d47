"""Entity lists benchmark: precision and recall of the People and Organizations
the archive lists, against hand annotations of 20 real pages.

Run from the project root:  .venv/bin/python benchmarks/bench_entity_lists.py
(``-v``: each page's wrong and missed names; ``--why``: for each missed name, where the text has it, what the
bare model tagged there and what the archive filed it as, the reason it is not listed.)

The pages are the metadata-dev fixtures of ../shared/datasets (or the folder
named by DATASETS_DIR); without them the script says so and exits 0. The
annotations, names only, are ours: benchmarks/data/metadata-dev-entities.json
(the first 20 fixtures in sorted order whose <html lang> is English). Pages are
split by their index in that order: even is the half rules were tuned on, odd
the half held back.

Each page is imported into a fresh SQLite archive with analysis. The
prediction for a page is the set of entities of ``Entity.objects.listed()``
mentioned in it, people and organizations apart. A listed entity matches an
annotated name when the name's key equals the key of the entity's name, of
one of its aliases or of one of its mentions on that page ("St." and "Saint"
alike); a person named by one word matches a full name ending in it, and the
other way round.

``--one-archive`` scores the same 20 pages in a WHOLE archive instead: the
181 AEB pages (``aeb/aeb.warc.gz``, left out with ``--no-aeb``) and then all
81 metadata-dev fixtures are imported into one archive, so a name's identity
and kind are settled by the evidence of every page, as on a real archive.
It also prints how the archive files the names issue 13 gives as examples.
``--db PATH`` keeps the archive in PATH (to look into it afterwards).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from io import StringIO
from pathlib import Path

from common import ROOT, datasets_dir, setup_django  # noqa: E402 - also puts the project on sys.path

ANNOTATIONS = ROOT / "benchmarks" / "data" / "metadata-dev-entities.json"


def setup(db_path: str) -> None:
    setup_django(f"sqlite:///{db_path}", settings="archive.site.settings")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def predicted(article, sure_here: bool = False) -> dict[str, list[tuple[str, set[str]]]]:
    """kind -> [(entity name, its keys)] for the listed entities of an article; ``sure_here``: only those this
    article is sure of too (a confident mention, an author, a speaker or outlet of its statements), not a
    company listed for other pages that this one names only as the medium ("on Twitter")."""
    from django.db.models import Q

    from archive.keys.names import normalize_name
    from archive.models import Entity

    out: dict[str, list[tuple[str, set[str]]]] = {"person": [], "organization": []}
    entities = Entity.objects.listed().filter(mentions__article=article)
    if sure_here:
        here = Q(mentions__article=article, mentions__confident=True) | Q(authorships__article=article)
        here |= Q(statements__article=article) | Q(reported__article=article)
        entities = entities.filter(pk__in=Entity.objects.filter(here).values("pk"))
    for entity in entities.distinct().prefetch_related("aliases"):
        keys = {entity.key, *(a.key for a in entity.aliases.all())}
        keys |= {normalize_name(t) for t in entity.mentions.filter(article=article).values_list("text", flat=True)}
        out[entity.kind].append((entity.name, keys))
    return out


def _expanded(key: str) -> str:
    # An annotation may abbreviate what the page spells out ("St. Louis" for "Saint Louis").
    return " ".join("saint" if w == "st" else w for w in key.split())


def matches(gold: str, keys: set[str], person: bool, saint: bool = True) -> bool:
    from archive.keys.names import normalize_name

    key = normalize_name(gold)
    if key in keys or (saint and _expanded(key) in {_expanded(k) for k in keys}):
        return True
    if not person:
        return False
    return any((" " not in k or " " not in key) and k.split()[-1:] == key.split()[-1:] for k in keys if k)


def score(
    pages: list[tuple[str, dict, dict, object]], kind: str, field: str, saint: bool = True
) -> tuple[float, float, int, int]:
    right_p = total_p = right_r = total_r = 0
    for _, gold, found, _article in pages:
        names = gold[field]
        entities = found[kind]
        person = kind == "person"
        total_p += len(entities)
        right_p += sum(any(matches(g, keys, person, saint) for g in names) for _, keys in entities)
        total_r += len(names)
        right_r += sum(any(matches(g, keys, person, saint) for _, keys in entities) for g in names)
    precision = right_p / total_p if total_p else 1.0
    recall = right_r / total_r if total_r else 1.0
    return precision, recall, total_p, total_r


def why_missed(article, gold: str, person: bool) -> str:
    """Why a gold name is not listed for ``article``: not in the text; not found by the model (its labels where
    the text has it); or the archive's mentions of it, with their kind, confidence and entity."""
    from archive.keys.names import normalize_name
    from archive.models import Entity, Mention
    from archive.nlp import model

    text = article.text
    # "Levi's" as the page writes it ("Levi’s"), in any case.
    pattern = "['’]".join(re.escape(part) for part in re.split("['’]", gold))
    places = [m.start() for m in re.finditer(pattern, text, re.IGNORECASE)]
    if not places:
        return "not in the extracted text as written"
    doc = model.load()(text)
    tags = sorted(
        {(e.text, e.label_) for e in doc.ents for p in places if e.start_char < p + len(gold) and e.end_char > p}
    )
    key = normalize_name(gold)
    listed = set(Entity.objects.listed().values_list("pk", flat=True))
    filed = []
    for m in Mention.objects.filter(article=article).select_related("entity"):
        words = normalize_name(m.text)
        if words == key or set(words.split()) & set(key.split()):
            e = m.entity
            state = "listed" if e.pk in listed else "sure here" if m.confident else "unsure"
            filed.append(f"{m.text!r} {m.label} -> {e.name!r} ({e.kind}, {state})")
    where = f"{len(places)}x in text; model: {tags or 'nothing'}"
    return f"{where}; archive: {sorted(set(filed)) or 'no mention'}"


# Names issue 13 gives as wrongly listed or wrongly split in a whole archive: key -> what a user expects.
EXAMPLES = [
    ("Twitter", "not a person"),
    ("Nintendo Switch", "not listed"),
    ("Milliarde Euro", "not listed"),
    ("Cycle Monthly", "not a person"),
    ("Davis Cup", "not a person"),
    ("Trump", "Donald Trump"),
    ("President Trump", "Donald Trump"),
    ("Trump administration", "not an organization Trump"),
    ("AP", "Associated Press"),
    ("Eu", "European Union"),
    ("New Jersey", "not an organization"),
    ("Belgium", "not an organization"),
    ("CT", "not listed"),
    ("Android", "not listed"),
    ("iPad", "not listed"),
    ("Stadia", "not listed"),
]


def examples() -> None:
    """How the archive files each name of ``EXAMPLES``: the entities going by it, their kind, whether listed."""
    from django.db.models import Count, Q

    from archive.keys.names import normalize_name
    from archive.models import Entity

    listed = set(Entity.objects.listed().values_list("pk", flat=True))
    print("  issue 13 examples (entity: kind, listed or not, mentions / articles):")
    for name, expected in EXAMPLES:
        key = normalize_name(name)
        found = (
            Entity.objects.canonical()
            .filter(Q(key=key) | Q(aliases__key=key) | Q(mentions__text__iexact=name))
            .distinct()
            .annotate(n=Count("mentions", distinct=True), a=Count("mentions__article", distinct=True))
            .order_by("-n")[:4]
        )
        parts = [f"{e.name} ({e.kind}, {'listed' if e.pk in listed else 'unlisted'}, {e.n}/{e.a})" for e in found]
        print(f"    {name!r:<24} expect {expected:<28} -> {'; '.join(parts) or 'no entity'}")


def import_one_archive(folder: Path, names: list[str], aeb: bool) -> dict:
    """AEB pages, then every fixture of ``folder``, into the one archive: fixture name -> its article."""
    from django.core.management import call_command

    from archive.models import Article

    warc = datasets_dir() / "aeb" / "aeb.warc.gz"
    if aeb and warc.exists():
        call_command("import_articles", str(warc), stdout=StringIO(), stderr=StringIO())
    articles = {}
    for path in sorted(folder.glob("*.html")):
        before = set(Article.objects.values_list("pk", flat=True))
        call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())
        articles[path.name] = Article.objects.exclude(pk__in=before).first()
    return articles


def main() -> int:
    folder = datasets_dir() / "metadata-dev" / "fixtures"
    if not folder.is_dir():
        print(f"SKIP: {folder} not found (set DATASETS_DIR to point at the data sets)")
        return 0
    gold = {k: v for k, v in json.loads(ANNOTATIONS.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    names = sorted(gold)
    missing = [n for n in names if not (folder / n).exists()]
    if missing:
        print(f"SKIP: {len(missing)} annotated pages missing from {folder}")
        return 0
    one = "--one-archive" in sys.argv
    db = sys.argv[sys.argv.index("--db") + 1] if "--db" in sys.argv else ""
    with tempfile.TemporaryDirectory() as tmp:
        if db:
            Path(db).unlink(missing_ok=True)
        setup(db or str(Path(tmp) / "lists.sqlite3"))
        from django.core.management import call_command

        from archive.models import Article

        pages, sure_pages = [], []
        if one:
            articles = import_one_archive(folder, names, aeb="--no-aeb" not in sys.argv)
            # Scored once the whole archive is in: later pages may have changed an entity's kind or identity.
            for name in names:
                new = articles.get(name)
                pages.append((name, gold[name], predicted(new) if new else {"person": [], "organization": []}, new))
                sure_pages.append(
                    (name, gold[name], predicted(new, True) if new else {"person": [], "organization": []}, new)
                )
        for name in [] if one else names:
            before = set(Article.objects.values_list("pk", flat=True))
            call_command("import_articles", str(folder / name), stdout=StringIO(), stderr=StringIO())
            new = Article.objects.exclude(pk__in=before).first()
            found = predicted(new) if new else {"person": [], "organization": []}
            pages.append((name, gold[name], found, new))
        verbose = "-v" in sys.argv
        where = f"one archive of {Article.objects.count()} articles" if one else "pages imported one by one"
        print(f"Entity lists on {len(pages)} hand-annotated metadata-dev pages (listed entities only; {where})")
        # The "St." = "Saint" equivalence is a choice of the metric, not of the analysis: its effect is shown
        # on its own line so that a change of the matcher is never read as a gain of the rules.
        for saint in (True, False):
            print("  matcher: St. = Saint" if saint else "  matcher: exact keys only (St. and Saint differ)")
            for label, half in (("tune (even)", pages[0::2]), ("check (odd)", pages[1::2]), ("all", pages)):
                pp, pr, n_pp, n_pr = score(half, "person", "people", saint)
                op, orr, n_op, n_or = score(half, "organization", "organizations", saint)
                print(
                    f"  {label:<12} people P {pp:.3f} R {pr:.3f} ({n_pp} listed / {n_pr} gold)   "
                    f"organizations P {op:.3f} R {orr:.3f} ({n_op} listed / {n_or} gold)"
                )
        if sure_pages:
            # Another prediction, not another matcher: an article's listed entities that it is sure of itself.
            print("  listed AND sure on the page itself (confident mention, author, speaker or outlet there):")
            for label, half in (
                ("tune (even)", sure_pages[0::2]),
                ("check (odd)", sure_pages[1::2]),
                ("all", sure_pages),
            ):
                pp, pr, n_pp, n_pr = score(half, "person", "people")
                op, orr, n_op, n_or = score(half, "organization", "organizations")
                print(
                    f"  {label:<12} people P {pp:.3f} R {pr:.3f} ({n_pp} listed / {n_pr} gold)   "
                    f"organizations P {op:.3f} R {orr:.3f} ({n_op} listed / {n_or} gold)"
                )
        if verbose:
            for name, g, found, _article in pages:
                for kind, field in (("person", "people"), ("organization", "organizations")):
                    person = kind == "person"
                    wrong = [n for n, keys in found[kind] if not any(matches(x, keys, person) for x in g[field])]
                    lost = [x for x in g[field] if not any(matches(x, keys, person) for _, keys in found[kind])]
                    if wrong or lost:
                        print(f"    {name} {kind}: wrong {wrong} missed {lost}")
        if "--why" in sys.argv:
            for n, (name, g, found, article) in enumerate(pages):
                half = "tune" if n % 2 == 0 else "check"
                for kind, field in (("person", "people"), ("organization", "organizations")):
                    person = kind == "person"
                    for x in g[field]:
                        if article is not None and not any(matches(x, keys, person) for _, keys in found[kind]):
                            print(f"    [{half}] {name} {kind} {x!r}: {why_missed(article, x, person)}")
        if one:
            examples()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
