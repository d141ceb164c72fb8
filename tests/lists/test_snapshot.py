"""Loading list files as snapshots: atomic, idempotent, diffable, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sanctionwatch.exceptions import InputError, ParseError
from sanctionwatch.lists.snapshot import LoadOptions, diff_snapshots, load_list
from sanctionwatch.lists.sources import detect_source
from sanctionwatch.store.repo import Store
from tests.conftest import FIXTURES, SAMPLES

UN = SAMPLES / "lists" / "un" / "consolidated.xml"
UN_PREV = SAMPLES / "lists" / "un" / "prev" / "consolidated.xml"


def test_load_creates_active_snapshot_with_counts(store: Store) -> None:
    result = load_list(store, UN)
    assert result.status == "loaded"
    assert result.source == "un"
    snap = result.snapshot
    assert snap.status == "active"
    assert snap.published_at is not None
    assert snap.published_at.date().isoformat() == "2026-03-02"
    assert snap.counts["by_schema"] == {"Organization": 6, "Person": 7}
    assert snap.counts["targets"] == 13
    assert len(snap.sha256) == 64


def test_identical_file_is_a_noop(store: Store, tmp_path: Path) -> None:
    first = load_list(store, UN)
    copy = tmp_path / "copy.xml"
    shutil.copyfile(UN, copy)
    again = load_list(store, copy)
    assert again.status == "unchanged"
    assert again.snapshot.id == first.snapshot.id
    assert len(store.snapshots("un")) == 1


def test_diff_between_two_snapshots(store: Store) -> None:
    load_list(store, UN_PREV)
    load_list(store, UN)
    diff = diff_snapshots(store, "un")
    assert [c.id for c in diff.added] == ["un-KPi.099", "un-QDe.131"]
    assert diff.removed == []
    changed = {c.id: c.fields for c in diff.changed}
    assert "un-KPe.022" in changed
    assert "alias" in changed["un-KPe.022"]


def test_diff_needs_two_snapshots(store: Store) -> None:
    load_list(store, UN)
    with pytest.raises(InputError, match="needs two loaded snapshots"):
        diff_snapshots(store, "un")


@pytest.mark.parametrize(
    "fixture",
    ["truncated.xml", "bomb.xml", "not_utf8.xml", "empty.xml", "missing_reference.xml"],
)
def test_bad_file_leaves_previous_snapshot_active(store: Store, fixture: str) -> None:
    good = load_list(store, UN).snapshot
    with pytest.raises(ParseError) as caught:
        load_list(store, FIXTURES / "lists" / "un" / fixture, LoadOptions(source="un"))
    assert fixture in str(caught.value)
    assert store.active_snapshot("un") == good
    failed = [s for s in store.snapshots("un") if s.status == "failed"]
    assert len(failed) == 1
    assert fixture in (failed[0].error or "")
    assert store.count_entities(failed[0].id) == 0


def test_wrong_format_for_source_is_rejected(store: Store) -> None:
    with pytest.raises(ParseError):
        load_list(store, FIXTURES / "lists" / "un" / "wrong_format.csv", LoadOptions(source="un"))
    assert store.active_snapshot("un") is None


def test_much_smaller_file_needs_force(store: Store, tmp_path: Path) -> None:
    load_list(store, UN)
    # A well-formed edition that lost most of its records (e.g. a cut-off download re-closed).
    text = UN.read_text(encoding="utf-8")
    start = text.index("<INDIVIDUAL>")
    end = text.rindex("</ENTITY>") + len("</ENTITY>")
    small = tmp_path / "small.xml"
    first_entity = text[text.index("<ENTITY>") : text.index("</ENTITY>") + len("</ENTITY>")]
    small.write_text(
        text[:start] + "</INDIVIDUALS><ENTITIES>" + first_entity + text[end:], encoding="utf-8"
    )
    with pytest.raises(InputError, match="refusing to replace"):
        load_list(store, small, LoadOptions(source="un"))
    assert store.active_snapshot("un").counts["targets"] == 13  # type: ignore[union-attr]
    forced = load_list(store, small, LoadOptions(source="un", force=True))
    assert forced.snapshot.counts["targets"] == 1


@pytest.mark.parametrize(
    ("path", "source"),
    [
        (SAMPLES / "lists" / "un" / "consolidated.xml", "un"),
        (SAMPLES / "lists" / "eu" / "xmlFullSanctionsList_1_1.xml", "eu"),
        (SAMPLES / "lists" / "ofac" / "sdn.xml", "ofac-sdn"),
        (SAMPLES / "lists" / "ofac-csv", "ofac-sdn"),
        (SAMPLES / "lists" / "ofac-csv" / "sdn.csv", "ofac-sdn"),
        (SAMPLES / "lists" / "uk" / "UK-Sanctions-List.xml", "uk"),
        (SAMPLES / "lists" / "uk" / "UK-Sanctions-List.csv", "uk"),
        (SAMPLES / "lists" / "uk" / "UK-Sanctions-List.ods", "uk"),
        (SAMPLES / "lists" / "ofsi" / "ConList.csv", "uk-ofsi"),
        (SAMPLES / "lists" / "opensanctions" / "entities.ftm.json", "opensanctions"),
    ],
)
def test_detect_source(path: Path, source: str) -> None:
    assert detect_source(path) == source


def test_detect_source_unknown(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello world\n")
    with pytest.raises(InputError, match="not a recognised list format"):
        detect_source(junk)
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        detect_source(empty)


def test_duplicate_ids_are_skipped_and_not_counted(store: Store, tmp_path: Path) -> None:
    text = UN.read_text(encoding="utf-8")
    first = text[text.index("<INDIVIDUAL>") : text.index("</INDIVIDUAL>") + len("</INDIVIDUAL>")]
    doubled = tmp_path / "doubled.xml"
    doubled.write_text(text.replace(first, first + first, 1), encoding="utf-8")
    snap = load_list(store, doubled, LoadOptions(source="un")).snapshot
    assert snap.counts["by_schema"] == {"Organization": 6, "Person": 7}
    assert snap.report["orphans"]["duplicate ids"] >= 1
