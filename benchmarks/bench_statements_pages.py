"""Who said what on real pages: 60 statements drawn at random from the AEB and
metadata-dev pages, checked against our own judgements.

Run from the project root:
    .venv/bin/python benchmarks/bench_statements_pages.py [--reuse] [--show to-judge|wrong|all]

Data: ``aeb/aeb.warc.gz`` and ``metadata-dev/fixtures`` (with the URLs of its
``gold.json``) under ``../shared/datasets`` or ``$DATASETS_DIR``; the script
skips with a message when they are absent. The pages are imported with
analysis into a fresh SQLite archive (``benchmarks/output/``, git-ignored;
``--reuse`` keeps the one of the last run, for judging without re-importing).

The draw: every statement gets a key made of its page's SHA-256 (the stored
capture's bytes) and its cue and content offsets; the 60 statements whose
seeded hash of that key is smallest are drawn. A statement keeps its place in
the draw whatever else the analysis adds or drops, so a change of the rules
shows as a few new statements to judge, not a new sample. When the statement
QuerySet offers ``confident()`` the draw is made from confident statements
only, as the pages show them.

Judgements live in ``benchmarks/data/statement-judgements.json`` under the
same key plus the cue word, with the speaker as the judge saw it (an
entity's name, else a digest of the words shown): a statement whose speaker
changed since is judged again; a wrong one also names its kind of error, a
short label shared by like mistakes, so the summary counts them. Verdicts: right,
wrong speaker, not a statement, wrong content. Pages are halved by the first
hex digit of their SHA-256 (even / odd), and the right count is given for
both halves as well.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import textwrap
from collections import Counter
from pathlib import Path

from common import ROOT, datasets_dir, setup_django

JUDGEMENTS = ROOT / "benchmarks" / "data" / "statement-judgements.json"
ABOUT = (
    "Our own verdicts on statements drawn by benchmarks/bench_statements_pages.py from the AEB and metadata-dev "
    "pages, judged by reading the page around each. Key: the page's SHA-256 (its stored capture), the cue's and the "
    "content's offsets into Article.text, the cue. 'speaker': an entity's name, else a digest of the words shown. "
    "Reasons are our own words; no page text beyond the cue is kept."
)
VERDICTS = ("right", "wrong speaker", "not a statement", "wrong content")


def page_sources(data: Path) -> list[tuple[Path, str]]:
    """(file, URL) for every page; the WARC carries its own URLs."""
    pages = [(data / "aeb" / "aeb.warc.gz", "")]
    gold = json.loads((data / "metadata-dev" / "gold.json").read_text(encoding="utf-8"))
    pages += [(data / "metadata-dev" / entry["fixture"], entry["url"]) for entry in gold]
    return pages


def build_archive(data: Path) -> None:
    from django.core.management import call_command

    from archive.ingest.runner import Importer
    from archive.nlp.store import analyze_articles

    call_command("migrate", verbosity=0, skip_checks=True)
    ids: list[int] = []
    for path, url in page_sources(data):
        importer = Importer(url=url)
        importer.import_file(path)
        ids += importer.report.article_ids
        for error in importer.report.errors:
            print(f"  import: {error}", file=sys.stderr)
    print(f"archive: {len(ids)} pages imported; analysing ...", flush=True)
    analyze_articles(ids)


def statement_key(sha: str, s) -> str:
    return f"{sha}:{s.cue_start}-{s.cue_end}:{s.content_start}-{s.content_end}"


def judgement_key(sha: str, s) -> str:
    return f"{statement_key(sha, s)}:{s.cue}"


def speaker_id(s) -> str:
    """The speaker as the judgements record it: an entity's name, else a digest of
    the words shown (unnamed sources and unresolved phrases are page text)."""
    if s.speaker:
        return s.speaker.name
    shown = s.speaker_name or s.source_text
    return "sha256:" + hashlib.sha256(shown.encode()).hexdigest()[:12]


def drawn(n: int, seed: int) -> tuple[list[tuple[str, object]], int, bool]:
    """The ``n`` statements drawn, each with its page's SHA-256, the population and
    whether the draw was from confident statements only."""
    from archive.models import Capture, Statement

    qs = Statement.objects.select_related("article", "speaker")
    confident = hasattr(qs, "confident")
    if confident:
        qs = qs.confident()
    sha_of = {}
    for article_id, sha in Capture.objects.order_by("captured", "pk").values_list("article_id", "sha256"):
        sha_of.setdefault(article_id, sha)
    population = [(sha_of[s.article_id], s) for s in qs if s.article_id in sha_of]

    def rank(item):
        return hashlib.sha256(f"{seed}:{statement_key(*item)}".encode()).hexdigest()

    return sorted(population, key=rank)[:n], len(population), confident


def context(s, width: int) -> str:
    """The statement's paragraph and the one before, cue in [[ ]], content in { },
    source in < >; cut to ``width`` characters either side of the statement."""
    text = s.article.text
    start = min(s.content_start, s.cue_start, s.source_start if s.source_start is not None else s.cue_start)
    end = max(s.content_end, s.cue_end, s.source_end or 0)
    before = text.rfind("\n\n", 0, start)
    earlier = text.rfind("\n\n", 0, before) if before > 0 else -1
    para_start = earlier + 2 if earlier >= 0 else 0
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    para_start, para_end = max(para_start, start - width), min(para_end, end + width)
    marks = [(s.content_start, "{"), (s.content_end, "}"), (s.cue_start, "[["), (s.cue_end, "]]")]
    if s.source_start is not None:
        marks += [(s.source_start, "<"), (s.source_end, ">")]
    out, at = [], para_start
    for pos, mark in sorted(marks, key=lambda m: (m[0], m[1] in "}]]>")):
        if para_start <= pos <= para_end:
            out += [text[at:pos], mark]
            at = pos
    out.append(text[at:para_end])
    return "".join(out)


def show(number: int, sha: str, s, verdict: dict | None, width: int) -> None:
    speaker = s.speaker.name if s.speaker else s.speaker_name or s.source_text
    state = f"{verdict['verdict']}: {verdict['reason']}" if verdict else "TO JUDGE"
    print(f"\n#{number} {judgement_key(sha, s)}")
    print(f"  speaker {speaker!r} ({s.speaker_kind or '-'}) cue {s.cue!r} kind {s.kind} | {state}")
    print(f"  title: {s.article.title[:100]}")
    for line in context(s, width).splitlines():
        print(textwrap.indent(textwrap.fill(line, 110) if line else "", "    "))


def record(judgements: dict, sample, verdicts: dict) -> dict:
    """The judgements with ``verdicts`` (by draw number) added, written back sorted."""
    judgements = dict(judgements)
    for number, (verdict, reason, *error) in verdicts.items():
        if verdict not in VERDICTS:
            raise SystemExit(f"#{number}: unknown verdict {verdict!r} (one of {', '.join(VERDICTS)})")
        sha, s = sample[int(number) - 1]
        entry = {"verdict": verdict, "speaker": speaker_id(s), "reason": reason}
        if error:
            entry["error"] = error[0]
        judgements[judgement_key(sha, s)] = entry
    JUDGEMENTS.write_text(
        json.dumps({"about": ABOUT, "judgements": dict(sorted(judgements.items()))}, indent=1, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    return judgements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=str(ROOT / "benchmarks" / "output" / "statement-pages.sqlite3"))
    parser.add_argument("--reuse", action="store_true", help="Keep the archive of the last run.")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", choices=("to-judge", "wrong", "all", "none"), default="to-judge")
    parser.add_argument("--width", type=int, default=400, help="Context characters either side.")
    parser.add_argument(
        "--record",
        metavar="FILE",
        help='Add verdicts to the judgements: a JSON object {"<draw number>": [verdict, reason, error kind], ...} '
        "(the error kind, a short label shared by like mistakes, only for a wrong one).",
    )
    args = parser.parse_args()

    data = datasets_dir()
    if not (data / "aeb" / "aeb.warc.gz").exists() or not (data / "metadata-dev" / "gold.json").exists():
        print(f"SKIP: aeb/ and metadata-dev/ are absent from {data} (set DATASETS_DIR to point at them)")
        return 0
    db = Path(args.db)
    fresh = not (args.reuse and db.exists())
    if fresh:
        db.parent.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
    setup_django(f"sqlite:///{db.resolve()}")
    if fresh:
        build_archive(data)

    judgements = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))["judgements"] if JUDGEMENTS.exists() else {}
    sample, population, confident = drawn(args.n, args.seed)
    if args.record:
        judgements = record(judgements, sample, json.loads(Path(args.record).read_text(encoding="utf-8")))
    counts, halves, errors, to_judge = Counter(), Counter(), Counter(), []
    for number, (sha, s) in enumerate(sample, 1):
        verdict = judgements.get(judgement_key(sha, s))
        if verdict and verdict.get("speaker") != speaker_id(s):
            verdict = None  # the speaker changed since it was judged
        half = "even" if int(sha[0], 16) % 2 == 0 else "odd"
        halves[half, "drawn"] += 1
        if verdict is None:
            to_judge.append(number)
        else:
            counts[verdict["verdict"]] += 1
            if verdict["verdict"] != "right":
                errors[verdict.get("error", verdict["verdict"])] += 1
            halves[half, verdict["verdict"]] += 1
        wrong = verdict is not None and verdict["verdict"] != "right"
        if args.show == "all" or (args.show == "to-judge" and verdict is None) or (args.show == "wrong" and wrong):
            show(number, sha, s, verdict, args.width)

    pool = "confident statements" if confident else "statements (no confident() filter yet)"
    print(f"\nReal pages: {len(sample)} drawn of {population} {pool}, seed {args.seed}")
    print(f"  judged {sum(counts.values())}, right {counts['right']} of {len(sample)}")
    print("  " + ", ".join(f"{v} {counts[v]}" for v in VERDICTS))
    for half in ("even", "odd"):
        print(f"  pages half {half}: right {halves[half, 'right']} of {halves[half, 'drawn']}")
    if errors:
        print("  errors by kind: " + "; ".join(f"{kind} {n}" for kind, n in errors.most_common()))
    if to_judge:
        print(f"  to judge: #{', #'.join(map(str, to_judge))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
