"""The language stage on the development set in `../shared/data/dev/news.jsonl`.

d000 is the project's origin article (a real blog post): with an index of the sample lists,
Putin and Kim Jong Un must link to their list entries and nothing else may link. The dev-set
gate screens every article against the sample lists plus the real UN and OFAC lists in
`../shared/data/lists` and checks linking precision and recall on the gold `named_parties`;
which listed entities are those parties was judged by hand (below).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.ingest.document import Document
from sanctionwatch.lists.common import ParseReport
from sanctionwatch.lists.sources import get_parser
from sanctionwatch.nlp.analyze import analyze_many
from sanctionwatch.nlp.linking import name_tokens
from sanctionwatch.screening import ScreeningIndex

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "lists"
SAMPLE_LISTS = [
    ("un", "un/consolidated.xml"),
    ("ofac-sdn", "ofac/sdn.xml"),
    ("eu", "eu/xmlFullSanctionsList_1_1.xml"),
    ("uk", "uk/UK-Sanctions-List.xml"),
    ("opensanctions", "opensanctions/entities.ftm.json"),
]
REAL_LISTS = [
    ("un", "un/consolidated.xml"),
    ("ofac-sdn", "ofac/sdn.csv"),
    ("ofac-cons", "ofac/consolidated.xml"),
]
KIM = {"ofac-20275", "ofac-20157", "uk-DPR0301", "Q56226"}
PUTIN = {"ofac-35096", "eu-EU.7062.43", "uk-RUS1501", "Q7747"}
# Gold named party → the listed entities that are that party (judged from the list records).
LISTED = {
    "Kim Jong-un": KIM,
    "Kim Jong Un": KIM,
    "Vladimir Putin": PUTIN,
    "Angara": {"ofac-37059"},
    "Sergei Shoigu": {"ofac-35173"},
    "Sergey Shoigu": {"ofac-35173"},
    "Kim Yo-jong": {"ofac-21444"},
    "Yevgeny Prigozhin": {"ofac-21171"},
    "Wagner Group": {"eu-EU.6902.15", "ofac-22543"},
    "Iran Air": {"ofac-25237"},
    "PDVSA": {"ofac-26367"},
    "Air Koryo": {"ofac-20520"},
    "Ebrahim Raisi": {"ofac-27844"},
    "Ali Khamenei": {"ofac-26945"},
    "Petr Aven": {"ofac-44290"},
    "Mikhail Fridman": {"ofac-44291"},
    "Houthis": {"un-YEe.001", "ofac-47664"},
}
# The synthetic d004 gives a tanker an invented IMO number that a real listed ship carries: the
# IMO rule links it, and it is not that ship (the dev README: "any match ... is an accident").
ACCIDENTS = {("d004", "ofac-23726")}
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90


def entities(base: Path, files: list[tuple[str, str]]) -> Iterator[EntityProxy]:
    for source, name in files:
        path = base / name
        report = ParseReport(source=source, path=str(path))
        yield from get_parser(source, path).iter_entities(str(path), report)


def records(shared_data: Path) -> list[dict[str, Any]]:
    path = shared_data / "dev" / "news.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def documents(recs: list[dict[str, Any]]) -> list[Document]:
    return [Document(id=r["id"], text=r["text"], published=r["date"], language="en") for r in recs]


@pytest.fixture(scope="module")
def sample_index() -> ScreeningIndex:
    return ScreeningIndex.build(entities(SAMPLES, SAMPLE_LISTS))


def test_origin_article(shared_data: Path, sample_index: ScreeningIndex) -> None:
    (origin,) = [r for r in records(shared_data) if r["id"] == "d000"]
    (analysis,) = analyze_many(documents([origin]), sample_index)
    linked = analysis.linked
    putin = [m for m in analysis.mentions if "Putin" in m.text]
    kim = [m for m in analysis.mentions if m.text.startswith("Kim")]
    assert putin
    assert all(m.entity_id in PUTIN for m in putin)
    assert kim
    assert all(m.entity_id in KIM for m in kim)  # every "Kim" in the post is him
    assert all(m.entity_id in PUTIN | KIM for m in linked), [
        (m.text, m.entity_id) for m in linked if m.entity_id not in PUTIN | KIM
    ]
    assert list(analysis.countries)[:2] == ["RU", "KP"]
    # The stray byline and the boilerplate are not linked to anything.
    assert all(m.entity_id is None for m in analysis.mentions if "Moore" in m.text)


@pytest.mark.slow
def test_dev_set_linking_gate(shared_data: Path) -> None:
    index = ScreeningIndex.build(
        [*entities(SAMPLES, SAMPLE_LISTS), *entities(shared_data / "lists", REAL_LISTS)]
    )
    recs = records(shared_data)
    links = right = accidents = listed = found = 0
    wrong: list[tuple[str, str, str | None]] = []
    for rec, analysis in zip(recs, analyze_many(documents(recs), index), strict=True):
        parties = rec["gold"]["named_parties"]
        for mention in analysis.linked:
            links += 1
            words = set(name_tokens(mention.text))
            if any(
                mention.entity_id in LISTED.get(p, set()) and words & set(name_tokens(p))
                for p in parties
            ):
                right += 1
            else:
                accidents += (rec["id"], mention.entity_id) in ACCIDENTS
                wrong.append((rec["id"], mention.text, mention.entity_id))
        for party in (p for p in parties if p in LISTED):
            listed += 1
            found += any(
                m.entity_id in LISTED[party] and set(name_tokens(m.text)) & set(name_tokens(party))
                for m in analysis.linked
            )
    precision = right / links
    assert precision >= PRECISION_FLOOR, wrong
    assert len(wrong) - accidents == 0, wrong  # every other wrong link is a regression
    assert found / listed >= RECALL_FLOOR
