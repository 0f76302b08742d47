"""Entity identity benchmark on AIDA CoNLL-YAGO dev: entity search and B-cubed.

    .venv/bin/python benchmarks/bench_identity.py
    .venv/bin/python benchmarks/bench_identity.py --db /tmp/aida.sqlite3 --reuse   # measure an earlier import again

Imports the 216 text pages of ``aida-dev`` (from ../shared/datasets relative
to the project root, or $DATASETS_DIR) with analysis into a fresh SQLite
archive in a temporary folder, then prints, as the data set's README.md
defines them:

* entity search: for each QID in at least two documents, its most frequent
  surface form X (titles included, ties to the form seen first, double quotes
  removed) is searched as ``person:"X"`` (PER) or ``org:"X"`` (ORG); returned
  articles against the QID's gold documents give P, R and F1, macro-averaged
  (an empty answer scores 0), with the number of empty answers. Beside it the
  plain phrase search ``"X"``, scored the same way;
* B-cubed P/R/F1 (all, PER, ORG) over the gold mentions: the predicted
  cluster of a gold mention is the Entity of the archive Mention that overlaps
  it most (earliest on a tie), else a singleton. Beside it bare spaCy (the
  configured model alone: the exact string of the overlapping spaCy entity).

Archive mentions are read from the ORM: ``Mention.start``/``end`` are offsets
into ``Article.text``, the title, a blank line, then the body -- the same
string the gold offsets index. So title mentions (offsets below
``Article.body_offset`` = len(title) + 2) are scored as well as body ones;
the figures for body mentions alone (what the README's reference run, which
read the article pages, could see) are printed too.

Every figure is also given for two halves of the documents, by even and odd
document id, so a change tuned on one half is checked on the other. For a
half, only that half's documents count: its QIDs in at least two of them, the
surface forms seen in them, and the returned articles among them.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from common import datasets_dir, setup_django  # noqa: E402 - also puts the project on sys.path


def setup(db: Path) -> None:
    setup_django(f"sqlite:///{db.resolve()}", ALLOWED_HOSTS="testserver")


def import_docs(folder: Path) -> float:
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    started = time.perf_counter()
    call_command("import_articles", str(folder), stdout=StringIO(), stderr=StringIO())
    return time.perf_counter() - started


def article_of_doc(docs) -> dict[str, int]:
    """Gold document id -> archive article id, by the capture's SHA-256."""
    from archive.models import Capture

    by_sha = dict(Capture.objects.values_list("sha256", "article_id"))
    found = {d["id"]: by_sha[d["sha256"]] for d in docs if d["sha256"] in by_sha}
    missing = [d["id"] for d in docs if d["id"] not in found]
    if missing:
        print(f"warning: {len(missing)} documents not in the archive: {missing[:5]}")
    return found


def check_texts(docs, article_ids) -> int:
    """How many articles' text differ from the gold text (offsets would then be off)."""
    from archive.models import Article

    texts = dict(Article.objects.filter(pk__in=article_ids.values()).values_list("pk", "title"))
    bodies = dict(Article.objects.filter(pk__in=article_ids.values()).values_list("pk", "body"))
    bad = 0
    for d in docs:
        pk = article_ids.get(d["id"])
        if pk is None or texts[pk] != d["title"] or bodies[pk] != "\n\n".join(d["body"]):
            bad += 1
    return bad


# --- entity search ---------------------------------------------------------


def search_targets(docs):
    """[(qid, type, surface form, gold doc ids)] for QIDs in >= 2 of ``docs``."""
    forms: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[str, dict[str, int]] = defaultdict(dict)
    gold_docs: dict[str, set] = defaultdict(set)
    kind: dict[str, str] = {}
    order = 0
    for d in docs:
        for m in d["mentions"]:
            text = m["text"].replace('"', "")
            forms[m["qid"]][text] += 1
            first_seen[m["qid"]].setdefault(text, order)
            order += 1
            gold_docs[m["qid"]].add(d["id"])
            kind.setdefault(m["qid"], m["type"])
    out = []
    for qid, seen in gold_docs.items():
        if len(seen) < 2:
            continue
        form = min(forms[qid], key=lambda f: (-forms[qid][f], first_seen[qid][f]))
        out.append((qid, kind[qid], form, seen))
    return sorted(out)


def returned_docs(query: str, doc_of_article: dict[int, str]) -> set[str]:
    from archive.models import Article

    results = Article.objects.search(query, sort="newest")
    n = results.count()
    return {doc_of_article[a.pk] for a in results[0:n] if a.pk in doc_of_article} if n else set()


def prf(returned: set, gold: set) -> tuple[float, float, float]:
    right = len(returned & gold)
    if not returned or not right:
        return 0.0, 0.0, 0.0
    p, r = right / len(returned), right / len(gold)
    return p, r, 2 * p * r / (p + r)


def macro(rows) -> tuple[float, float, float, int]:
    n = len(rows) or 1
    return (
        sum(r[0] for r in rows) / n,
        sum(r[1] for r in rows) / n,
        sum(r[2] for r in rows) / n,
        sum(1 for r in rows if r[3]),
    )


class Searcher:
    """Answers to queries, each run once (the halves reuse the whole set's)."""

    def __init__(self, doc_of_article):
        self.doc_of_article = doc_of_article
        self.answers: dict[str, set[str]] = {}
        self.seconds = 0.0

    def __call__(self, query: str) -> set[str]:
        if query not in self.answers:
            started = time.perf_counter()
            self.answers[query] = returned_docs(query, self.doc_of_article)
            self.seconds += time.perf_counter() - started
        return self.answers[query]


def score_search(targets, search, keep: set[str]):
    entity_rows, phrase_rows, misses = [], [], []
    for qid, typ, form, gold in targets:
        field = "person" if typ == "PER" else "org"
        found = search(f'{field}:"{form}"') & keep
        phrase = search(f'"{form}"') & keep
        entity_rows.append((*prf(found, gold), not found))
        phrase_rows.append((*prf(phrase, gold), not phrase))
        if entity_rows[-1][2] < 1:
            misses.append((entity_rows[-1][2], qid, typ, form, len(gold), len(found), len(found & gold)))
    return macro(entity_rows), macro(phrase_rows), sorted(misses)


# --- B-cubed ---------------------------------------------------------------


def predicted_clusters(docs, spans_of_doc):
    """[(doc, mention, predicted cluster key)] for every gold mention:
    ``spans_of_doc[doc id]`` is a list of (start, end, cluster key)."""
    out = []
    for d in docs:
        spans = spans_of_doc.get(d["id"], [])
        for i, m in enumerate(d["mentions"]):
            best, best_overlap = None, 0
            for start, end, key in spans:  # sorted by start: the first of equal overlaps wins
                overlap = min(end, m["end"]) - max(start, m["start"])
                if overlap > best_overlap:
                    best, best_overlap = key, overlap
            out.append((d, m, best if best is not None else ("singleton", d["id"], i)))
    return out


def bcubed(rows, mention_filter=lambda d, m: True):
    """(P, R, F1) per type: all, PER, ORG."""
    rows = [r for r in rows if mention_filter(r[0], r[1])]
    pred_size, gold_size, both = Counter(), Counter(), Counter()
    for _, m, key in rows:
        pred_size[key] += 1
        gold_size[m["qid"]] += 1
        both[(key, m["qid"])] += 1
    out = {}
    for typ in ("all", "PER", "ORG"):
        chosen = [r for r in rows if typ == "all" or r[1]["type"] == typ]
        if not chosen:
            out[typ] = (0.0, 0.0, 0.0)
            continue
        p = sum(both[(k, m["qid"])] / pred_size[k] for _, m, k in chosen) / len(chosen)
        r = sum(both[(k, m["qid"])] / gold_size[m["qid"]] for _, m, k in chosen) / len(chosen)
        out[typ] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out, len(rows)


def archive_spans(article_ids) -> dict[str, list]:
    from archive.models import Mention

    doc_of = {pk: doc for doc, pk in article_ids.items()}
    spans = defaultdict(list)
    for article_id, start, end, entity_id in (
        Mention.objects.filter(article_id__in=doc_of).order_by("article_id", "start", "end", "pk")
    ).values_list("article_id", "start", "end", "entity_id"):
        spans[doc_of[article_id]].append((start, end, ("entity", entity_id)))
    return spans


def spacy_spans(docs) -> dict[str, list]:
    from archive.nlp import model

    nlp = model.load()
    texts = [d["title"] + "\n\n" + "\n\n".join(d["body"]) for d in docs]
    spans = {}
    for d, doc in zip(docs, nlp.pipe(texts, batch_size=16), strict=True):
        spans[d["id"]] = sorted((e.start_char, e.end_char, ("string", e.text)) for e in doc.ents)
    return spans


def bcubed_errors(rows, limit: int):
    """The gold entities whose mentions the archive split most (recall lost)
    and the archive entities that mix most gold entities (precision lost),
    each with its share of the F1's mean, for body mentions."""
    rows = [r for r in rows if not r[1]["in_title"]]
    pred_size = Counter(k for _, _, k in rows)
    gold_size = Counter(m["qid"] for _, m, _ in rows)
    both = Counter((k, m["qid"]) for _, m, k in rows)
    forms: dict[str, Counter] = defaultdict(Counter)
    for _, m, _ in rows:
        forms[m["qid"]][m["text"]] += 1
    lost_r, lost_p = defaultdict(float), defaultdict(float)
    for _, m, k in rows:
        lost_r[m["qid"]] += (1 - both[(k, m["qid"])] / gold_size[m["qid"]]) / len(rows)
        lost_p[k] += (1 - both[(k, m["qid"])] / pred_size[k]) / len(rows)
    print(f"  gold entities split most (recall lost, body mentions, top {limit}):")
    for qid, lost in sorted(lost_r.items(), key=lambda x: -x[1])[:limit]:
        parts = Counter(_cluster_name(k) for _, m, k in rows if m["qid"] == qid)
        shown = ", ".join(f"{name} x{n}" for name, n in parts.most_common(4))
        print(f"    {lost:.4f} {qid} {forms[qid].most_common(1)[0][0]!r}: {shown}")
    print(f"  archive entities mixing most (precision lost, top {limit}):")
    for key, lost in sorted(lost_p.items(), key=lambda x: -x[1])[:limit]:
        if lost <= 0:
            break
        parts = Counter(m["qid"] for _, m, k in rows if k == key)
        shown = ", ".join(f"{q} {forms[q].most_common(1)[0][0]!r} x{n}" for q, n in parts.most_common(4))
        print(f"    {lost:.4f} {_cluster_name(key)}: {shown}")


def _cluster_name(key) -> str:
    if key[0] != "entity":
        return "(no mention)"
    from archive.models import Entity

    entity = Entity.objects.filter(pk=key[1]).values_list("name", "kind").first()
    return f"{entity[0]!r} ({entity[1]})" if entity else f"entity {key[1]}"


# --- report ----------------------------------------------------------------


def halves(docs):
    return [
        ("all documents", docs),
        ("even doc ids", [d for d in docs if int(d["id"]) % 2 == 0]),
        ("odd doc ids", [d for d in docs if int(d["id"]) % 2 == 1]),
    ]


def fmt(prf3) -> str:
    return f"P {prf3[0]:.3f}  R {prf3[1]:.3f}  F1 {prf3[2]:.3f}"


def report(docs, article_ids, show_misses: int, show_errors: int = 0) -> None:
    doc_of_article = {pk: doc for doc, pk in article_ids.items()}
    search = Searcher(doc_of_article)
    print("\nEntity search:")
    for label, part in halves(docs):
        ids = {d["id"] for d in part}
        targets = search_targets(part)
        entity, phrase, misses = score_search(targets, search, ids)
        n_per = sum(1 for t in targets if t[1] == "PER")
        print(f"  {label}: {len(targets)} QIDs in >= 2 documents ({n_per} PER, {len(targets) - n_per} ORG)")
        print(f"    entity search  {fmt(entity)}  empty {entity[3]}")
        print(f"    phrase search  {fmt(phrase)}  empty {phrase[3]}")
        if label == "all documents" and show_misses:
            print(f"    worst {min(show_misses, len(misses))} (F1, qid, type, form, gold, returned, right):")
            for row in misses[:show_misses]:
                print(f"      {row[0]:.2f} {row[1]} {row[2]} {row[3]!r} gold {row[4]} returned {row[5]} right {row[6]}")
    print(f"  ({len(search.answers)} queries, {1000 * search.seconds / max(1, len(search.answers)):.1f} ms each)")

    archive = predicted_clusters(docs, archive_spans(article_ids))
    bare = predicted_clusters(docs, spacy_spans(docs))
    print("\nB-cubed over gold PER+ORG mentions:")
    for label, part in halves(docs):
        ids = {d["id"] for d in part}
        for scope, keep in (
            ("title and body", lambda d, m, ids=ids: d["id"] in ids),
            ("body only", lambda d, m, ids=ids: d["id"] in ids and not m["in_title"]),
        ):
            ours, n = bcubed(archive, keep)
            base, _ = bcubed(bare, keep)
            print(f"  {label}, {scope} ({n} mentions):")
            for typ in ("all", "PER", "ORG"):
                print(f"    {typ:<3} archive {fmt(ours[typ])}   bare spaCy {fmt(base[typ])}")
    if show_errors:
        print("\nB-cubed errors, all documents:")
        bcubed_errors(archive, show_errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="SQLite file to import into (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="measure the articles already in --db, import nothing")
    parser.add_argument("--misses", type=int, default=0, help="list this many worst entity searches")
    parser.add_argument(
        "-v", "--errors", type=int, nargs="?", const=25, default=0, help="list the biggest B-cubed errors (default 25)"
    )
    args = parser.parse_args()
    data = datasets_dir() / "aida-dev"
    if not (data / "gold.json").exists():
        print(f"skipped: aida-dev not found (looked in {data}; set DATASETS_DIR)")
        return 0
    docs = json.loads((data / "gold.json").read_text(encoding="utf-8"))["docs"]
    with tempfile.TemporaryDirectory(prefix="bench-identity-") as tmp:
        db = args.db or Path(tmp) / "aida.sqlite3"
        if not args.reuse and db.exists():
            db.unlink()
        setup(db)
        if not args.reuse:
            seconds = import_docs(data / "docs")
            print(f"imported {len(docs)} aida-dev pages with analysis in {seconds:.0f} s")
        article_ids = article_of_doc(docs)
        bad = check_texts(docs, article_ids)
        print(f"{len(article_ids)} articles; {bad} whose title or body differs from the gold text")
        report(docs, article_ids, args.misses, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
