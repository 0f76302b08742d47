"""Measure attribution extraction against PolNeAR (dev split) and time it.

Run from the project root:  .venv/bin/python benchmarks/bench_statements.py [--split dev] [--limit N]
[--show misses|false|source --half tune|check] (the cases behind the figures, to tune on).

Data: ``../shared/datasets`` relative to the project root, or ``$DATASETS_DIR``;
the script skips with a message when neither exists. Per article the first
``.ann`` file in sorted order is the gold (several annotators, one chosen).

Metrics
- cue precision: predicted statements whose cue span overlaps some gold cue
  (any fragment), over all predicted statements;
- cue recall: gold relations whose cue is overlapped by some predicted cue,
  over all gold relations;
- source accuracy: over matched pairs whose gold relation has a source, the
  share whose predicted source span overlaps the gold source (no predicted
  source counts as wrong);
- content token F1: over matched pairs, words are ``\\w+`` matches in the
  article identified by their position, so a word counts once however many
  fragments cover it; per pair F1 between the predicted content's words (all
  of ``content_parts`` when the quote is split around its cue, else
  ``content``) and the gold content's words; the figure is the mean over pairs.
A gold relation is matched to the first predicted statement whose cue
overlaps its cue (each prediction used at most once).

Halves: articles in sorted order, even positions are the tune half, odd
positions the check half. Rules are tuned on the tune half only; the check
half says whether a change generalises. "confident only" scores the
statements the public pages show (confidence at or above the threshold).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORD = re.compile(r"\w+")
TEXT_LINE = re.compile(r"^(T\d+)\t(\w+) ([\d ;]+)\t")
REL_LINE = re.compile(r"^(E\d+)\t(.*)$")


def datasets_dir() -> Path:
    return Path(os.environ.get("DATASETS_DIR") or ROOT.parent / "shared" / "datasets")


def load_split(split: str) -> list[tuple[str, str, list[dict]]]:
    """[(stem, text, relations)] with relations as {"cue"|"source"|"content": [(start, end), ...]}."""
    base = datasets_dir() / "polnear" / "data" / split
    first_ann: dict[str, Path] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        first_ann.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = []
    for stem, ann in sorted(first_ann.items()):
        text = (base / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        articles.append((stem, text, parse_ann(ann.read_text(encoding="utf-8"))))
    return articles


def parse_ann(data: str) -> list[dict]:
    spans: dict[str, list[tuple[int, int]]] = {}
    relations = []
    # Annotated text may itself contain newlines, so lines that match neither
    # pattern are continuation text and are skipped.
    for line in data.splitlines():
        if m := TEXT_LINE.match(line):
            spans[m.group(1)] = [tuple(map(int, frag.split())) for frag in m.group(3).split(";")]
        elif m := REL_LINE.match(line):
            parts = dict(arg.split(":", 1) for arg in m.group(2).split())
            relations.append(parts)
    out = []
    for parts in relations:
        rel = {role.lower(): spans[tid] for role, tid in parts.items() if role != "Attribution" and tid in spans}
        if "cue" in rel and "content" in rel:
            out.append(rel)
    return out


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def words(text: str, frags: list[tuple[int, int]]) -> set[int]:
    return {m.start() for s, e in frags for m in WORD.finditer(text, s, e)}


def token_f1(pred: set[int], gold: set[int]) -> float:
    common = len(pred & gold)
    if not common:
        return 0.0
    p, r = common / len(pred), common / len(gold)
    return 2 * p * r / (p + r)


def score(articles, analyses, confident_only: bool = False) -> dict:
    from archive.nlp.statement_confidence import CONFIDENT

    n_pred = n_pred_ok = n_gold = n_gold_ok = 0
    src_total = src_ok = 0
    f1s = []
    for (_stem, text, gold), analysis in zip(articles, analyses, strict=True):
        preds = [
            {
                "cue": [(s.cue.start, s.cue.end)],
                "source": [(s.source.start, s.source.end)] if s.source else [],
                "content": [(p.start, p.end) for p in s.content_parts] or [(s.content.start, s.content.end)],
            }
            for s in analysis.statements
            if not confident_only or s.confidence >= CONFIDENT
        ]
        n_pred += len(preds)
        n_pred_ok += sum(any(overlaps(p["cue"], g["cue"]) for g in gold) for p in preds)
        n_gold += len(gold)
        used: set[int] = set()
        for g in gold:
            hit = next((i for i, p in enumerate(preds) if i not in used and overlaps(p["cue"], g["cue"])), None)
            if hit is None:
                continue
            used.add(hit)
            n_gold_ok += 1
            p = preds[hit]
            if g.get("source"):
                src_total += 1
                src_ok += bool(p["source"]) and overlaps(p["source"], g["source"])
            f1s.append(token_f1(words(text, p["content"]), words(text, g["content"])))
    return {
        "cue_precision": n_pred_ok / n_pred if n_pred else 0.0,
        "cue_recall": n_gold_ok / n_gold if n_gold else 0.0,
        "source_accuracy": src_ok / src_total if src_total else 0.0,
        "content_token_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "predicted": n_pred,
        "gold": n_gold,
    }


METRICS = (
    ("cue_precision", "cue precision", "0.93"),
    ("cue_recall", "cue recall", "0.70"),
    ("source_accuracy", "source accuracy", "0.98"),
    ("content_token_f1", "content token F1", "0.90"),
)


def split_halves(articles, analyses) -> dict[str, list]:
    """Even positions of the sorted articles tune, odd ones check."""
    pairs = list(zip(articles, analyses, strict=True))
    return {"tune": pairs[0::2], "check": pairs[1::2]}


def cases(text: str, gold: list[dict], statements, kind: str) -> list[list[tuple[int, str]]]:
    """Marks for each case of ``kind`` in one article: "misses" (gold relations
    no prediction's cue overlaps), "false" (predictions overlapping no gold cue)
    or "source" (matched pairs whose source misses the gold one)."""
    preds = [(s, [(s.cue.start, s.cue.end)]) for s in statements]
    used: set[int] = set()
    out = []
    for g in gold:
        hit = next((i for i, (_s, cue) in enumerate(preds) if i not in used and overlaps(cue, g["cue"])), None)
        if hit is not None:
            used.add(hit)
        s = preds[hit][0] if hit is not None else None
        src_ok = s is not None and s.source is not None and overlaps([(s.source.start, s.source.end)], g["source"])
        if (kind == "misses" and s is None) or (kind == "source" and s and g.get("source") and not src_ok):
            marks = [m for a, e in g["cue"] for m in ((a, "[["), (e, "]]"))]
            marks += [m for a, e in g.get("source", []) for m in ((a, "<"), (e, ">"))]
            marks += [m for a, e in g["content"] for m in ((a, "{"), (e, "}"))]
            if s is not None and s.source is not None:
                marks += [(s.source.start, "<predicted:"), (s.source.end, ">")]
            out.append(marks)
    if kind == "false":
        for s, cue in preds:
            if not any(overlaps(cue, g["cue"]) for g in gold):
                marks = [(s.cue.start, "[["), (s.cue.end, "]]"), (s.content.start, "{"), (s.content.end, "}")]
                marks += [(s.source.start, "<"), (s.source.end, ">")] if s.source else []
                out.append(marks)
    return out


def show_cases(text: str, marks: list[tuple[int, str]], width: int = 300) -> str:
    """The line around the marks (gold or predicted: cue [[ ]], source < >, content { })."""
    lo, hi = min(m[0] for m in marks), max(m[0] for m in marks)
    start = max(text.rfind("\n", 0, lo) + 1, lo - width)
    end = text.find("\n", hi)
    end = min(len(text) if end < 0 else end, hi + width)
    out, at = [], start
    for pos, mark in sorted(marks, key=lambda m: (m[0], m[1][0] in "]}>")):
        out += [text[at:pos], mark]
        at = pos
    out.append(text[at:end])
    return "".join(out).replace("\n", " / ")


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument(
        "--show",
        choices=("misses", "false", "source"),
        help="Print the cases of one half (--half): gold relations missed, predictions matching no gold cue, "
        "or matched pairs with the wrong source; gold marks, cue [[ ]], source < >, content { }.",
    )
    parser.add_argument("--half", choices=("tune", "check"), default="tune")
    args = parser.parse_args()

    if not (datasets_dir() / "polnear").is_dir():
        print(f"SKIP: no PolNeAR data under {datasets_dir()} (set DATASETS_DIR)")
        return 0
    from archive.nlp import analyzer, model

    articles = load_split(args.split)
    if args.limit:
        articles = articles[: args.limit]
    texts = [text for _stem, text, _gold in articles]
    model.load()  # load outside the timed part; workers load their own copy
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    analyses = list(analyzer.analyze_texts(texts, n_process=args.n_process))
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started

    result = score(articles, analyses)
    counts = f"{result['gold']} gold relations, {result['predicted']} predicted"
    print(f"PolNeAR {args.split}: {len(articles)} articles, {counts}")
    halves = {name: score(*zip(*pairs, strict=True)) for name, pairs in split_halves(articles, analyses).items()}
    print(f"{'':18}{'all':>7}{'tune':>7}{'check':>7}")
    for key, label, target in METRICS:
        row = "".join(f"{r[key]:7.3f}" for r in (result, halves["tune"], halves["check"]))
        print(f"{label:18}{row}   (target >= {target})")
    for name, r in halves.items():
        print(f"{name} half: {r['gold']} gold relations, {r['predicted']} predicted")
    # What the public pages show: statements at or above the confidence threshold.
    sure = {"all": score(articles, analyses, confident_only=True)}
    sure |= {
        name: score(*zip(*pairs, strict=True), confident_only=True)
        for name, pairs in split_halves(articles, analyses).items()
    }
    print(f"confident only ({sure['all']['predicted']} predicted):")
    for key, label, _target in METRICS:
        print(f"  {label:16}" + "".join(f"{sure[h][key]:7.3f}" for h in ("all", "tune", "check")))
    if args.show:
        pairs = split_halves(articles, analyses)[args.half]
        found = [(text, m) for (_stem, text, gold), a in pairs for m in cases(text, gold, a.statements, args.show)]
        print(f"\n{len(found)} {args.show} on the {args.half} half:")
        for text, marks in found:
            print("  " + show_cases(text, marks))
    print(f"speed             {len(articles) / elapsed:.1f} articles/s wall clock with n_process={args.n_process}")
    # On a shared machine wall clock mostly measures the neighbours; CPU
    # seconds spent (this process and its workers) say what the cores could do.
    per_core = len(articles) / cpu if cpu else 0.0
    idle = per_core * args.n_process
    print(f"                  {per_core:.1f} articles per CPU-second, {idle:.1f}/s on {args.n_process} idle cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
