"""The analysis stage: spaCy, then our entity layer, then attribution.

``ANALYZER_VERSION`` is stored on each analysed article; bump it whenever a
change here would change the output, so ``manage.py analyze`` redoes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import entities, model, statements
from .types import TextAnalysis

ANALYZER_VERSION = 1


def analyze_doc(doc) -> TextAnalysis:
    mentions, clusters = entities.extract(doc)
    found = statements.extract(doc, clusters)
    return TextAnalysis(entities=mentions, clusters=clusters, statements=found)


def analyze_texts(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[TextAnalysis]:
    nlp = model.load()
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield analyze_doc(doc)


def analyze_text(text: str) -> TextAnalysis:
    return next(analyze_texts([text]))
