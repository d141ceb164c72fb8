"""Screening quality on labelled pairs: the engine's score for each pair, and the metrics.

How a pair is scored (`score_pairs`): one index holds every listed party of the background
lists (so that word rarity is that of the real lists) plus one entity per distinct candidate
name; each query is screened with threshold 0 and no limit, and the pair's score is the score
of its candidate's entity — 0 when retrieval did not bring it up, so retrieval misses count
against recall. The query names themselves are taken out of the background parties' names: an
alias used as a query must not also sit in the index as its own exact match, which would spare
retrieval the search for the candidate's spelling. Candidate retrieval looks at `CANDIDATES`
names instead of the default 10: every candidate name is indexed twice (as its listed party,
often with several aliases of nearly the same spelling, and as the pair's entity), and those
copies must not push out the entity being measured.

Metrics (`evaluate`): a pair is predicted a match when its score reaches the threshold;
precision, recall and F1 at that threshold, the precision-recall curve over thresholds, the
threshold of best F1, and per category the share of pairs predicted a match (recall for a
category of positives, the false-match rate for one of negatives).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from sanctionwatch.evaluation.pairs import Pair
from sanctionwatch.exceptions import InputError, SanctionwatchError
from sanctionwatch.screening.index import TARGET_SCHEMATA, ScreeningIndex
from sanctionwatch.screening.model import ALGORITHM, Query, ScreenOptions

CANDIDATES = 50
CURVE_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 21))
# Precision at which recall is reported besides the threshold's (the screening target: recall
# >= 0.97 at precision >= 0.95).
PRECISION_FLOOR = 0.95
_ENTITY_PREFIX = "devset-"
_NAME_PROPS = ("name", "alias", "weakAlias", "previousName")


@dataclass(frozen=True, slots=True)
class Counts:
    """The confusion counts at one threshold, and the measures made of them."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        """Share of predicted matches that are matches (1.0 when nothing is predicted: no
        false alarm, the usual end point of a precision-recall curve)."""
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of matches predicted (1.0 when there are none to find)."""
        actual = self.tp + self.fn
        return self.tp / actual if actual else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def counts_at(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Counts:
    """Confusion counts when a score at or above `threshold` predicts a match."""
    if len(labels) != len(scores):
        raise ValueError(f"{len(labels)} labels but {len(scores)} scores")
    tp = fp = fn = tn = 0
    for label, score in zip(labels, scores, strict=True):
        predicted = score >= threshold
        if label:
            tp, fn = (tp + 1, fn) if predicted else (tp, fn + 1)
        else:
            fp, tn = (fp + 1, tn) if predicted else (fp, tn + 1)
    return Counts(tp, fp, fn, tn)


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Precision, recall and F1 at one threshold."""

    threshold: float
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        """JSON-ready, rounded to four places."""
        return {
            "threshold": round(self.threshold, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def point(labels: Sequence[int], scores: Sequence[float], threshold: float) -> CurvePoint:
    """The curve point at one threshold."""
    counts = counts_at(labels, scores, threshold)
    return CurvePoint(threshold, counts.precision, counts.recall, counts.f1)


def pr_curve(
    labels: Sequence[int], scores: Sequence[float], thresholds: Sequence[float] = CURVE_THRESHOLDS
) -> list[CurvePoint]:
    """Precision, recall and F1 at each threshold, in increasing order of threshold."""
    return [point(labels, scores, t) for t in sorted(thresholds)]


def _cuts(labels: Sequence[int], scores: Sequence[float]) -> Iterator[tuple[float, Counts]]:
    """Every threshold among the scores themselves, highest first, with the counts at it: one
    pass over the pairs sorted by score (a threshold takes every pair of its score at once)."""
    if len(labels) != len(scores):
        raise ValueError(f"{len(labels)} labels but {len(scores)} scores")
    positives = sum(1 for label in labels if label)
    ranked = sorted(zip(scores, labels, strict=True), key=lambda item: -item[0])
    tp = fp = 0
    for index, (score, label) in enumerate(ranked):
        if label:
            tp += 1
        else:
            fp += 1
        if index + 1 < len(ranked) and ranked[index + 1][0] == score:
            continue
        yield score, Counts(tp, fp, positives - tp, len(ranked) - positives - fp)


def best_f1(labels: Sequence[int], scores: Sequence[float]) -> CurvePoint:
    """The threshold (among the scores themselves) with the highest F1; the lowest one wins a
    tie."""
    positives = sum(1 for label in labels if label)
    best = CurvePoint(1.0, 1.0, 0.0 if positives else 1.0, 0.0)
    for score, counts in _cuts(labels, scores):
        if counts.f1 >= best.f1:
            best = CurvePoint(score, counts.precision, counts.recall, counts.f1)
    return best


def recall_at_precision(
    labels: Sequence[int], scores: Sequence[float], floor: float
) -> CurvePoint | None:
    """The threshold (among the scores themselves) with the highest recall whose precision is
    at least `floor`; None if no threshold reaches it."""
    found: CurvePoint | None = None
    for score, counts in _cuts(labels, scores):
        if counts.precision >= floor and (found is None or counts.recall > found.recall):
            found = CurvePoint(score, counts.precision, counts.recall, counts.f1)
    return found


@dataclass(frozen=True, slots=True)
class CategoryResult:
    """How one category of pairs fared at the threshold."""

    category: str
    label: int
    pairs: int
    predicted: int  # pairs scored at or above the threshold

    @property
    def share(self) -> float:
        """Share of the category predicted a match: recall (positives) or false-match rate."""
        return self.predicted / self.pairs if self.pairs else 0.0


@dataclass(slots=True)
class Evaluation:
    """Quality of a scorer on a set of labelled pairs."""

    threshold: float
    counts: Counts
    curve: list[CurvePoint]
    best: CurvePoint
    categories: list[CategoryResult]
    at_one: int  # pairs scored exactly 1.0: ties that cannot be ranked
    algorithm: str = ALGORITHM
    extra: dict[str, Any] = field(default_factory=dict)
    # The highest recall at precision >= PRECISION_FLOOR (the target), None if none.
    at_precision: CurvePoint | None = None

    @property
    def pairs(self) -> int:
        """How many pairs were evaluated."""
        c = self.counts
        return c.tp + c.fp + c.fn + c.tn

    def as_dict(self) -> dict[str, Any]:
        """The `eval screening --json` object."""
        c = self.counts
        return {
            "algorithm": self.algorithm,
            "threshold": self.threshold,
            "pairs": self.pairs,
            "positives": c.tp + c.fn,
            "negatives": c.fp + c.tn,
            "precision": round(c.precision, 4),
            "recall": round(c.recall, 4),
            "f1": round(c.f1, 4),
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
            "tn": c.tn,
            "at_one": self.at_one,
            "best_f1": self.best.as_dict(),
            "recall_at_precision": {
                "precision_floor": PRECISION_FLOOR,
                **(self.at_precision.as_dict() if self.at_precision else {"recall": 0.0}),
            },
            "curve": [p.as_dict() for p in self.curve],
            "categories": [
                {
                    "category": r.category,
                    "label": r.label,
                    "pairs": r.pairs,
                    "predicted": r.predicted,
                    "share": round(r.share, 4),
                }
                for r in self.categories
            ],
            **self.extra,
        }


def evaluate(
    pairs: Sequence[Pair],
    scores: Sequence[float],
    threshold: float,
    *,
    algorithm: str = ALGORITHM,
) -> Evaluation:
    """Metrics of `scores` (one per pair, in order) at `threshold`."""
    labels = [p.label for p in pairs]
    by_category: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for pair, score in zip(pairs, scores, strict=True):
        entry = by_category[(pair.category, pair.label)]
        entry[0] += 1
        entry[1] += score >= threshold
    categories = [
        CategoryResult(category, label, total, hits)
        for (category, label), (total, hits) in sorted(
            by_category.items(), key=lambda item: (-item[0][1], item[0][0])
        )
    ]
    return Evaluation(
        threshold=threshold,
        counts=counts_at(labels, scores, threshold),
        curve=pr_curve(labels, scores),
        best=best_f1(labels, scores),
        categories=categories,
        at_precision=recall_at_precision(labels, scores, PRECISION_FLOOR),
        at_one=sum(1 for s in scores if s >= 1.0),
        algorithm=algorithm,
    )


# -- scoring pairs with the engine ----------------------------------------------------------------


@dataclass(slots=True)
class PairScores:
    """The engine's score per pair, and what it cost."""

    scores: list[float]
    index_entities: int
    build_seconds: float
    screen_seconds: float
    queries: int


def _candidate_schema(schema: str) -> str:
    return schema if schema in TARGET_SCHEMATA else "LegalEntity"


def _candidate_entities(
    pairs: Sequence[Pair],
) -> tuple[list[EntityProxy], dict[tuple[str, str], str]]:
    ids: dict[tuple[str, str], str] = {}
    entities: list[EntityProxy] = []
    for pair in pairs:
        key = (pair.candidate, _candidate_schema(pair.schema))
        if key in ids:
            continue
        entity = model.make_entity(key[1])
        entity.id = f"{_ENTITY_PREFIX}{len(ids)}"
        entity.add("name", pair.candidate)
        ids[key] = entity.id
        entities.append(entity)
    return entities, ids


def _name_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _without_names(entity: EntityProxy, names: set[str]) -> EntityProxy:
    """The entity, or a copy of it without the names in `names` (compared case-folded)."""
    if entity.schema.name not in TARGET_SCHEMATA:
        return entity
    found = [
        (prop, value)
        for prop in _NAME_PROPS
        for value in entity.get(prop, quiet=True)
        if _name_key(value) in names
    ]
    if not found:
        return entity
    copy = entity.clone()
    for prop, value in found:
        copy.remove(prop, value)
    return copy


def build_pair_index(
    pairs: Sequence[Pair], background: Iterable[EntityProxy]
) -> tuple[ScreeningIndex, dict[tuple[str, str], str]]:
    """The index of the background lists plus one entity per distinct candidate name."""
    candidates, ids = _candidate_entities(pairs)

    queries = {_name_key(p.query) for p in pairs}

    def stream() -> Iterator[EntityProxy]:
        for entity in background:
            if entity.id is None or entity.id.startswith(_ENTITY_PREFIX):
                continue
            yield _without_names(entity, queries)
        yield from candidates

    return ScreeningIndex.build(stream()), ids


def screen_pairs(
    index: ScreeningIndex,
    ids: dict[tuple[str, str], str],
    pairs: Sequence[Pair],
    *,
    candidates: int = CANDIDATES,
) -> list[float]:
    """The score of each pair's candidate entity when its query is screened (0 if missed)."""
    options = ScreenOptions(threshold=0.0, limit=1_000_000, candidates=candidates)
    by_query: dict[tuple[str, str], dict[str, float]] = {}
    scores: list[float] = []
    for number, pair in enumerate(pairs, start=1):
        key = (pair.query, pair.schema)
        found = by_query.get(key)
        if found is None:
            try:
                matches = index.screen(Query(name=pair.query, schema=pair.schema), options)
            except SanctionwatchError as exc:
                raise InputError(f"pair {number} ({pair.query!r}): {exc}") from exc
            found = {m.entity_id: m.score for m in matches}
            by_query[key] = found
        entity_id = ids[(pair.candidate, _candidate_schema(pair.schema))]
        scores.append(found.get(entity_id, 0.0))
    return scores


def score_pairs(
    pairs: Sequence[Pair], background: Iterable[EntityProxy], *, candidates: int = CANDIDATES
) -> PairScores:
    """Build the pair index over `background` and score every pair (see the module docstring)."""
    started = time.perf_counter()
    index, ids = build_pair_index(pairs, background)
    built = time.perf_counter()
    scores = screen_pairs(index, ids, pairs, candidates=candidates)
    done = time.perf_counter()
    queries = len({(p.query, p.schema) for p in pairs})
    return PairScores(scores, len(index), built - started, done - built, queries)


def evaluate_pairs(
    pairs: Sequence[Pair],
    background: Iterable[EntityProxy],
    threshold: float,
    *,
    candidates: int = CANDIDATES,
) -> Evaluation:
    """Score `pairs` with the engine over `background` and measure the result at `threshold`.

    The evaluation's `extra` holds the cost (index build and screening seconds, queries) and
    the positives that retrieval missed altogether (scored 0).
    """
    scored = score_pairs(pairs, background, candidates=candidates)
    result = evaluate(pairs, scored.scores, threshold)
    missed = sum(1 for p, s in zip(pairs, scored.scores, strict=True) if p.label and s == 0.0)
    result.extra = {
        "index_entities": scored.index_entities,
        "queries": scored.queries,
        "positives_not_retrieved": missed,
        "build_seconds": round(scored.build_seconds, 2),
        "screen_seconds": round(scored.screen_seconds, 2),
    }
    return result
