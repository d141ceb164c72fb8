"""Transfer-extraction quality on a gold file in the format of the labelled news dev set.

`score_extraction(gold_records, predicted)` compares the transfers extracted from each article
with its gold `transfers` and returns plain figures (a JSON-ready dict):

- **transfers**: a predicted transfer matches a gold one of the same article with the same
  supplier country, recipient country and category (either country may be None, and must then
  be None on both sides); matching is one-to-one, so a transfer reported twice counts once.
  Precision, recall and F1 over all articles.
- **certainty**: accuracy of the certainty of matched transfers.
- **verdicts**: each matched predicted transfer goes through `evaluate_transfer`; its verdict
  (prohibited > needs_review > not_prohibited) against the gold `expected_verdicts`.
- **negatives**: articles with no gold transfer, and how many of them get a `prohibited`
  finding (the system must not cry wolf: the target is 0).
- **citations**: every predicted transfer judged prohibited whose gold transfer is prohibited
  should cite one of the gold measures; `share` is the part that does. Prohibited transfers
  with no prohibited gold counterpart are counted apart (`unsupported`).

`extract_records(gold_records, index)` runs the reading chain (Document → `analyze` →
`extract_transfers`) over the records' texts, for callers that score the pipeline end to end.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sanctionwatch.exceptions import InputError
from sanctionwatch.extract.records import Finding, Transfer, Verdict
from sanctionwatch.extract.transfers import extract_transfers
from sanctionwatch.ingest.document import Document
from sanctionwatch.nlp.analyze import analyze_many
from sanctionwatch.rules.evaluate import evaluate_transfer, transfer_verdict
from sanctionwatch.rules.regimes import Rules, default_rules
from sanctionwatch.screening import ScreeningIndex

Key = tuple[str | None, str | None, str]


@dataclass(frozen=True, slots=True)
class GoldTransfer:
    """One gold transfer: its key, certainty, expected verdict and measures."""

    doc_id: str
    index: int
    key: Key
    certainty: str
    verdict: str
    measures: tuple[str, ...]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def gold_transfers(record: Mapping[str, Any]) -> list[GoldTransfer]:
    """The gold transfers of one record (an `InputError` names a record that lacks fields)."""
    doc_id = str(record.get("id", "?"))
    try:
        gold = record["gold"]
        verdicts = {int(v["transfer_index"]): v for v in gold.get("expected_verdicts", [])}
        found: list[GoldTransfer] = []
        for index, item in enumerate(gold["transfers"]):
            expected = verdicts.get(index, {})
            found.append(
                GoldTransfer(
                    doc_id=doc_id,
                    index=index,
                    key=(_text(item["from_country"]), _text(item["to_country"]), item["category"]),
                    certainty=str(item.get("certainty", "")),
                    verdict=str(expected.get("verdict", "")),
                    measures=tuple(expected.get("measures", ())),
                )
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"gold record {doc_id}: missing or malformed field {exc}") from exc
    return found


def _key(transfer: Transfer) -> Key:
    return (transfer.supplier_country, transfer.recipient_country, transfer.category)


def match_transfers(
    gold: Sequence[GoldTransfer], predicted: Sequence[Transfer]
) -> list[tuple[GoldTransfer, Transfer]]:
    """One-to-one pairs of gold and predicted transfers with the same key (in order)."""
    free = list(gold)
    pairs: list[tuple[GoldTransfer, Transfer]] = []
    for transfer in predicted:
        key = _key(transfer)
        for item in free:
            if item.key == key:
                pairs.append((item, transfer))
                free.remove(item)
                break
    return pairs


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _cites(findings: Iterable[Finding], measures: Sequence[str]) -> bool:
    """True if a prohibited finding cites one of the gold measures (prefix-tolerant, so "EU
    Reg. 833/2014 Art. 12" matches "EU Reg. 833/2014 Art. 12 (anti-circumvention)")."""
    ours = {
        c.strip()
        for f in findings
        if f.verdict == Verdict.PROHIBITED and f.citation
        for c in f.citation.split(";")
    }
    return any(o.startswith(m) or m.startswith(o) for o in ours for m in measures if o and m)


def score_extraction(
    gold_records: Iterable[Mapping[str, Any]],
    predicted: Mapping[str, Sequence[Transfer]],
    rules: Rules | None = None,
) -> dict[str, Any]:
    """Figures of the predicted transfers against the gold records (see the module docstring).

    `predicted` maps a record id to the transfers extracted from it; a record missing from it
    counts as an article where nothing was found.
    """
    rules = rules or default_rules()
    tp = fp = fn = 0
    certainty_right = certainty_total = 0
    verdict_right = verdict_total = 0
    confusion: dict[str, dict[str, int]] = {}
    negatives = negative_violations = negative_transfers = 0
    cited = citing_total = unsupported = 0
    misses: list[dict[str, Any]] = []
    for record in gold_records:
        doc_id = str(record.get("id", "?"))
        gold = gold_transfers(record)
        transfers = list(predicted.get(doc_id, ()))
        pairs = match_transfers(gold, transfers)
        matched = {id(t) for _g, t in pairs}
        tp += len(pairs)
        fp += len(transfers) - len(pairs)
        fn += len(gold) - len(pairs)
        judged = {id(t): evaluate_transfer(t, i, rules) for i, t in enumerate(transfers)}
        if not gold:
            negatives += 1
            negative_transfers += len(transfers)
            if any(transfer_verdict(f) == Verdict.PROHIBITED for f in judged.values()):
                negative_violations += 1
        for item, transfer in pairs:
            certainty_total += 1
            certainty_right += transfer.certainty == item.certainty
            verdict = transfer_verdict(judged[id(transfer)])
            if item.verdict:
                verdict_total += 1
                verdict_right += verdict == item.verdict
                row = confusion.setdefault(item.verdict, {})
                row[verdict] = row.get(verdict, 0) + 1
            if verdict == Verdict.PROHIBITED:
                if item.verdict == Verdict.PROHIBITED:
                    citing_total += 1
                    cited += _cites(judged[id(transfer)], item.measures)
                else:
                    unsupported += 1
        for transfer in transfers:
            if id(transfer) not in matched:
                unsupported += transfer_verdict(judged[id(transfer)]) == Verdict.PROHIBITED
                misses.append(
                    {"doc": doc_id, "kind": "false_positive", "key": list(_key(transfer))}
                )
        found = {id(g) for g, _t in pairs}
        misses.extend(
            {"doc": doc_id, "kind": "missed", "key": list(g.key)}
            for g in gold
            if id(g) not in found
        )
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else 0.0
    return {
        "transfers": {
            "tp": tp, "fp": fp, "fn": fn,
            "precision": precision, "recall": recall, "f1": f1,
        },
        "certainty": {
            "matched": certainty_total,
            "correct": certainty_right,
            "accuracy": _ratio(certainty_right, certainty_total),
        },
        "verdicts": {
            "matched": verdict_total,
            "correct": verdict_right,
            "accuracy": _ratio(verdict_right, verdict_total),
            "confusion": confusion,
        },
        "negatives": {
            "articles": negatives,
            "transfers": negative_transfers,
            "with_prohibited": negative_violations,
        },
        "citations": {
            "prohibited": citing_total,
            "correct": cited,
            "share": _ratio(cited, citing_total),
            "unsupported": unsupported,
        },
        "errors": misses,
    }  # fmt: skip


def extract_records(
    gold_records: Sequence[Mapping[str, Any]],
    index: ScreeningIndex | None,
    *,
    n_process: int = 1,
) -> tuple[dict[str, list[Transfer]], float]:
    """Run Document → analyze → extract_transfers over the records' texts.

    Returns the transfers by record id and the seconds the extraction step took (the parse
    excluded), so callers can report what extraction adds to the language stage.
    """
    docs = [
        Document(
            id=str(r["id"]),
            text=str(r["text"]),
            published=_text(r.get("date")),
            title=_text(r.get("title")),
            language="en",
        )
        for r in gold_records
    ]
    predicted: dict[str, list[Transfer]] = {}
    spent = 0.0
    for doc, analysis in zip(docs, analyze_many(docs, index, n_process=n_process), strict=True):
        started = time.perf_counter()
        predicted[doc.id] = extract_transfers(doc, analysis)
        spent += time.perf_counter() - started
    return predicted, spent
