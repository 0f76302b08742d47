"""Entity layer benchmark: PER/ORG F1 on CoNLL-2003 dev and analysis speed.

Run from the project root:  .venv/bin/python benchmarks/bench_entities.py

Data comes from ../shared/datasets relative to the project root, or from the
folder named by the DATASETS_DIR environment variable; without it the script
says so and exits 0. Nothing from the data sets is copied or hard-coded here.

F1: CoNLL dev is cut into consecutive pieces of 30 sentences, each analysed as
one text (sentences joined by newlines, tokens by spaces), so the layer gets
the document context it is built for. Spans must match exactly.

Speed: the 84 PolNeAR dev articles, repeated, through the full analysis
(``analyzer.analyze_texts``) and through the bare spaCy pipeline, both with
n_process=2, in the same run.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from common import datasets_dir  # noqa: E402 - also puts the project on sys.path

from archive.nlp import analyzer, model  # noqa: E402

CHUNK = 30
LABELS = {"PERSON": "PER", "ORG": "ORG"}


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
            current = []
        elif parts[0] != "-DOCSTART-":
            current.append((parts[0], parts[-1]))
    if current:
        sentences.append(current)
    return sentences


def build_texts(sentences, chunk: int = CHUNK):
    """Each piece as (text, gold spans {(start, end, type)}), IOB read leniently:
    an I- tag that does not continue an entity of its type starts one."""
    pieces = []
    for i in range(0, len(sentences), chunk):
        lines, gold, offset = [], set(), 0
        for sentence in sentences[i : i + chunk]:
            words, open_span = [], None
            for token, tag in sentence:
                start = offset + sum(len(w) + 1 for w in words)
                end = start + len(token)
                words.append(token)
                kind = tag[2:] if tag != "O" else None
                continues = open_span and tag.startswith("I-") and open_span[2] == kind
                if continues:
                    open_span[1] = end
                    continue
                if open_span:
                    gold.add(tuple(open_span))
                open_span = [start, end, kind] if kind else None
            if open_span:
                gold.add(tuple(open_span))
            line = " ".join(words)
            lines.append(line)
            offset += len(line) + 1
        pieces.append(("\n".join(lines), {g for g in gold if g[2] in LABELS.values()}))
    return pieces


def f1_table(gold: Counter, pred: Counter, hit: Counter) -> dict[str, float]:
    scores = {}
    for kind in LABELS.values():
        p = hit[kind] / pred[kind] if pred[kind] else 0.0
        r = hit[kind] / gold[kind] if gold[kind] else 0.0
        scores[kind] = 2 * p * r / (p + r) if p + r else 0.0
    return scores


def score(pieces, predictions) -> dict[str, float]:
    gold, pred, hit = Counter(), Counter(), Counter()
    for (_, gold_spans), predicted in zip(pieces, predictions, strict=True):
        for g in gold_spans:
            gold[g[2]] += 1
        for p in predicted:
            pred[p[2]] += 1
            hit[p[2]] += p in gold_spans
    return f1_table(gold, pred, hit)


def bench_f1(data: Path, n_process: int) -> None:
    path = data / "conll2003" / "dev.txt"
    if not path.exists():
        print(f"SKIP F1: {path} not found")
        return
    pieces = build_texts(read_conll(path))
    texts = [t for t, _ in pieces]
    nlp = model.load()
    bare = [
        {(e.start_char, e.end_char, LABELS[e.label_]) for e in doc.ents if e.label_ in LABELS}
        for doc in nlp.pipe(texts, batch_size=8, n_process=n_process)
    ]
    ours = [
        {(m.start, m.end, LABELS[m.label]) for m in a.entities if m.label in LABELS}
        for a in analyzer.analyze_texts(texts, batch_size=8, n_process=n_process)
    ]
    print(f"CoNLL-2003 dev, {len(pieces)} pieces of {CHUNK} sentences, model {model.model_name()}")
    # Even pieces are the half rules were tuned on, odd ones the half held back.
    halves = (("all", slice(None)), ("tune (even)", slice(0, None, 2)), ("check (odd)", slice(1, None, 2)))
    for name, predictions in (("bare model", bare), ("our layer", ours)):
        for half, part in halves:
            s = score(pieces[part], predictions[part])
            print(f"  {name:<11} {half:<12} PER F1 {s['PER']:.3f}   ORG F1 {s['ORG']:.3f}")


def bench_speed(data: Path, repeat: int, n_process: int, batch_size: int) -> None:
    folder = data / "polnear" / "data" / "dev" / "text"
    if not folder.is_dir():
        print(f"SKIP speed: {folder} not found")
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    nlp = model.load()
    list(nlp.pipe(texts[:4]))  # warm up: lazy loading must not count against either side

    # Rounds alternate between the two, so a change in the machine's load
    # during the run falls on both alike.
    bare = ours = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
        bare += time.perf_counter() - started
        started = time.perf_counter()
        for _ in analyzer.analyze_texts(texts, batch_size=batch_size, n_process=n_process):
            pass
        ours += time.perf_counter() - started
    count = len(texts) * repeat
    print(
        f"Speed, {count} PolNeAR dev articles ({len(texts)} x {repeat}), n_process={n_process}, batch_size={batch_size}"
    )
    print(f"  bare spaCy    {count / bare:6.1f} articles/s")
    print(f"  full analysis {count / ours:6.1f} articles/s  (cost over bare: {ours / bare - 1:+.1%})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4, help="times the 84 speed texts are repeated")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-f1", action="store_true")
    args = parser.parse_args()
    data = datasets_dir()
    if not data.is_dir():
        print(f"SKIP: data sets folder {data} is absent (set DATASETS_DIR to point at it)")
        return 0
    if not args.skip_f1:
        bench_f1(data, args.n_process)
    if not args.skip_speed:
        bench_speed(data, args.repeat, args.n_process, args.batch_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
