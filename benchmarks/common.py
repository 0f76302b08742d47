"""What the benchmark scripts share: the project on ``sys.path``, where the
measuring data sets are, a database of the benchmark's own, Django set up on
it, and the synthetic corpus grown to the size asked for."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def datasets_dir() -> Path:
    """``../shared/datasets`` beside the checkout, or ``$DATASETS_DIR``."""
    return Path(os.environ.get("DATASETS_DIR") or ROOT.parent / "shared" / "datasets")


def corpus_database_url(db: str | None, stem: str) -> str:
    """``DATABASE_URL`` when it names PostgreSQL, else a SQLite file: ``db``, or
    ``benchmarks/output/<stem>.sqlite3`` (git-ignored, kept between runs)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    path = Path(db or ROOT / "benchmarks" / "output" / f"{stem}.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def setup_django(database_url: str, settings: str = "archive.site.test_settings", **environ: str) -> None:
    """Django on ``database_url``; ``environ`` gives defaults the caller's own
    environment may override. The test settings are production settings with
    DEBUG off, but static files served without a manifest."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    for name, value in environ.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def ensure_corpus(articles: int, seed: int) -> None:
    """Migrate, then generate synthetic articles until there are ``articles``."""
    from django.core.management import call_command

    from archive.models import Article

    call_command("migrate", verbosity=0, skip_checks=True)
    have = Article.objects.filter(is_synthetic=True).count()
    if have >= articles:
        print(f"corpus: {have:,} synthetic articles already present", flush=True)
        return
    print(f"corpus: generating {articles - have:,} articles (seed {seed}) ...", flush=True)
    call_command("generate_corpus", articles=articles - have, seed=seed, skip_checks=True)
