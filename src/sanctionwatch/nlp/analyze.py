"""The language stage as a function: `Document` → `Analysis`.

`analyze(doc, index, options)` parses one article and finds its mentions; `analyze_many` does
the same for a stream of articles with `nlp.pipe` (batches of 25, optionally on several
processes) and one `Linker`, so a name screened once is not screened again in the run.

An `Analysis` is plain data (sentences with character spans, mentions, countries with counts)
plus the spaCy `Doc`, kept for transfer extraction and left out of `as_dict`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import tee

from spacy.language import Language
from spacy.tokens import Doc

from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.nlp.linking import COUNTRY, ORGANIZATION, PLACE, Linker, MentionOptions
from sanctionwatch.nlp.mentions import Mention, find_mentions
from sanctionwatch.nlp.pipeline import BATCH_SIZE, load_pipeline
from sanctionwatch.screening import ScreeningIndex

ENGLISH = frozenset({"en", "eng"})


@dataclass(slots=True)
class Sentence:
    """One sentence of the article: its position and character span in `Document.text`."""

    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Analysis:
    """What the language stage found in one article."""

    doc_id: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    countries: dict[str, int] = field(default_factory=dict)  # ISO alpha-2 → mentions, most first
    skipped: str | None = None  # why the article was not analysed (not English, unreadable)
    spacy_doc: Doc | None = field(default=None, repr=False, compare=False)

    @property
    def linked(self) -> list[Mention]:
        """The mentions linked to a listed entity."""
        return [m for m in self.mentions if m.entity_id is not None]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict (without the spaCy Doc)."""
        return {
            "doc_id": self.doc_id,
            "skipped": self.skipped,
            "countries": dict(self.countries),
            "sentences": [
                {"index": s.index, "start": s.start, "end": s.end, "text": s.text}
                for s in self.sentences
            ],
            "mentions": [m.as_dict() for m in self.mentions],
        }


def skip_reason(doc: Document) -> str | None:
    """Why `doc` is not analysed, or None when it is."""
    if doc.status != DocumentStatus.OK:
        return doc.reason or f"document status is {doc.status}"
    if doc.language is not None and doc.language.lower() not in ENGLISH:
        return f"language {doc.language!r} is not English"
    if not doc.text.strip():
        return "empty text"
    return None


def build_analysis(doc: Document, spacy_doc: Doc, linker: Linker) -> Analysis:
    """The analysis of `doc` from its parse (the step after spaCy, for callers that parse)."""
    sentences = [
        Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(spacy_doc.sents)
    ]
    mentions = find_mentions(doc, spacy_doc, linker.index, linker=linker)
    # Countries, places and seats of government ("the Kremlin": an organisation with a country).
    counts = Counter(
        m.country for m in mentions if m.kind in (COUNTRY, PLACE, ORGANIZATION) and m.country
    )
    return Analysis(
        doc_id=doc.id,
        sentences=sentences,
        mentions=mentions,
        countries=dict(counts.most_common()),
        spacy_doc=spacy_doc,
    )


def analyze(
    doc: Document,
    index: ScreeningIndex | None,
    options: MentionOptions | None = None,
    *,
    nlp: Language | None = None,
) -> Analysis:
    """Sentences, mentions and countries of one article (`index` None: nothing is linked)."""
    reason = skip_reason(doc)
    if reason is not None:
        return Analysis(doc_id=doc.id, skipped=reason)
    pipeline = nlp if nlp is not None else load_pipeline()
    return build_analysis(doc, pipeline(doc.text), Linker(index, options))


def analyze_many(
    docs: Iterable[Document],
    index: ScreeningIndex | None,
    options: MentionOptions | None = None,
    n_process: int = 1,
    *,
    batch_size: int = BATCH_SIZE,
    nlp: Language | None = None,
) -> Iterator[Analysis]:
    """`analyze` for each article, in order, parsing in batches on `n_process` processes."""
    pipeline = nlp if nlp is not None else load_pipeline()
    linker = Linker(index, options)
    listed, parsed = tee(docs)
    texts = (d.text for d in parsed if skip_reason(d) is None)
    spacy_docs = pipeline.pipe(texts, n_process=n_process, batch_size=batch_size)
    for doc in listed:
        reason = skip_reason(doc)
        if reason is not None:
            yield Analysis(doc_id=doc.id, skipped=reason)
            continue
        yield build_analysis(doc, next(spacy_docs), linker)
