"""Main-text extraction quality, scored with the method of Scrapinghub's article-extraction
benchmark: `\\w+` tokens, 4-gram shingles with multiplicity, per-page tp/fp/fn normalised so
tp + fp + fn = 1, precision and recall averaged over pages, F1 from the means, and accuracy as
the share of pages whose token lists are identical.

Our extraction (trafilatura plus the boilerplate filter) is scored side by side with
trafilatura's plain output on the same pages, so the cleaning can be shown not to lower it.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from sanctionwatch.exceptions import InputError
from sanctionwatch.ingest.extract import decode, extract_html

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4


def tokens(text: str) -> list[str]:
    """The benchmark's tokens: `\\w+` runs."""
    return _TOKEN.findall(text)


def _shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    if len(words) < _SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1))


@dataclass(frozen=True)
class PageScore:
    """One page: normalised true positives, false positives and false negatives."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score_page(predicted: str, gold: str) -> PageScore:
    """Shingle overlap of one extraction against the gold text."""
    pred_tokens, gold_tokens = tokens(predicted), tokens(gold)
    pred, true = _shingles(pred_tokens), _shingles(gold_tokens)
    tp = sum(min(count, true[key]) for key, count in pred.items())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    total = tp + fp + fn
    exact = pred_tokens == gold_tokens
    if total == 0:  # both empty: a perfect (if vacuous) extraction
        return PageScore(1.0, 0.0, 0.0, exact)
    return PageScore(tp / total, fp / total, fn / total, exact)


@dataclass
class Summary:
    """Benchmark figures of one extractor over all pages."""

    name: str
    pages: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    accuracy: float = 0.0
    seconds_per_page: float = 0.0
    per_page: dict[str, float] = field(default_factory=dict)  # page id -> page F1

    def as_dict(self) -> dict[str, object]:
        return {
            "extractor": self.name,
            "pages": self.pages,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "accuracy": round(self.accuracy, 4),
            "ms_per_page": round(self.seconds_per_page * 1000, 2),
        }


def summarise(name: str, scores: dict[str, PageScore], seconds: float) -> Summary:
    """Means over pages, as the benchmark computes them."""
    count = len(scores)
    if count == 0:
        return Summary(name)
    precision = sum(s.precision for s in scores.values()) / count
    recall = sum(s.recall for s in scores.values()) / count
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_page = {}
    for page, s in scores.items():
        p, r = s.precision, s.recall
        per_page[page] = 2 * p * r / (p + r) if p + r else 0.0
    return Summary(
        name=name,
        pages=count,
        precision=precision,
        recall=recall,
        f1=f1,
        accuracy=sum(s.exact for s in scores.values()) / count,
        seconds_per_page=seconds / count,
        per_page=per_page,
    )


@dataclass(frozen=True)
class BenchmarkPage:
    """One page of the benchmark directory."""

    id: str
    url: str | None
    html: str
    gold: str


def iter_pages(directory: Path) -> Iterator[BenchmarkPage]:
    """Pages of a benchmark directory laid out like Scrapinghub's: `ground-truth.json` and
    `html/<id>.html.gz` (or `.html`)."""
    truth_file = directory / "ground-truth.json"
    if not truth_file.is_file():
        raise InputError(f"{directory}: no ground-truth.json (not a benchmark directory)")
    try:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{truth_file}: not valid JSON: {exc}") from exc
    if not isinstance(truth, dict):
        raise InputError(f"{truth_file}: expected an object of page id -> gold")
    for page_id in sorted(truth):
        item = truth[page_id]
        gz, plain = (
            directory / "html" / f"{page_id}.html.gz",
            directory / "html" / f"{page_id}.html",
        )
        if gz.is_file():
            data = gzip.decompress(gz.read_bytes())
        elif plain.is_file():
            data = plain.read_bytes()
        else:
            raise InputError(f"{directory}: page {page_id} has no HTML file")
        yield BenchmarkPage(page_id, item.get("url"), decode(data), item.get("articleBody") or "")


def _ours(page: BenchmarkPage) -> str:
    return extract_html(page.html, url=page.url).text


def _trafilatura_plain(page: BenchmarkPage) -> str:
    return trafilatura.extract(page.html, url=page.url, include_comments=False) or ""


EXTRACTORS: dict[str, Callable[[BenchmarkPage], str]] = {
    "sanctionwatch": _ours,
    "trafilatura": _trafilatura_plain,
}


def evaluate_maintext(directory: Path) -> list[Summary]:
    """Score our extraction and trafilatura's plain output on every page of `directory`."""
    pages = list(iter_pages(directory))
    if not pages:
        raise InputError(f"{directory}: the benchmark has no pages")
    summaries = []
    for name, extractor in EXTRACTORS.items():
        scores: dict[str, PageScore] = {}
        started = time.perf_counter()
        for page in pages:
            scores[page.id] = score_page(extractor(page), page.gold)
        summaries.append(summarise(name, scores, time.perf_counter() - started))
    return summaries
