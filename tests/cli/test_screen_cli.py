"""`sanctionwatch screen` (single and CSV batch), `decisions`, and `demo` end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.conftest import SAMPLES

LISTS = SAMPLES / "lists"


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    for path in ("un/consolidated.xml", "ofac/sdn.xml", "uk/UK-Sanctions-List.xml"):
        assert cli("lists", "load", str(LISTS / path)).code == 0
    return cli


@pytest.mark.parametrize(
    "name", ["김정은", "Ким Чен Ын", "Kim Jong-un", "KIM JONG UN", "Kim Chong Un"]
)
def test_screen_json_finds_kim_jong_un_in_every_script(loaded: Cli, name: str) -> None:
    result = loaded("screen", name, "--schema", "Person", "--json")
    assert result.code == 0, result.err
    matches = json.loads(result.out)
    ids = [m["entity_id"] for m in matches]
    assert "ofac-20275" in ids
    best = matches[0]
    assert best["algorithm"] == "sw-v2"
    assert 0.0 < best["score"] <= 1.0
    assert best["explanation"]
    assert best["sanctions"][0]["authority"]


def test_screen_vessel_by_imo_and_table_output(loaded: Cli) -> None:
    result = loaded("screen", "Some New Name", "--schema", "Vessel", "--imo", "7937317", "--json")
    matches = json.loads(result.out)
    assert matches[0]["entity_id"] == "ofac-17069"
    assert matches[0]["schema"] == "Vessel"
    table = loaded("screen", "Vladimir Putin", "--schema", "Person")
    assert "Matches for Vladimir Putin" in table.out
    assert "sw-v2" in table.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["screen", ""], "no name and no identifier"),
        (["screen", "x" * 10_000], "too long"),
        (["screen", "Kim\x07Jong"], "control character"),
        (["screen", "Kim", "--schema", "Spaceship"], "unknown schema"),
        (["screen", "Kim", "--birth-date", "yesterday"], "birth date"),
        (["screen", "Kim", "--threshold", "7"], "threshold"),
    ],
)
def test_screen_bad_input_is_a_usage_error(loaded: Cli, args: list[str], message: str) -> None:
    result = loaded(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_screen_without_lists(cli: Cli) -> None:
    result = cli("screen", "Kim Jong Un")
    assert result.code == 2
    assert "no lists are loaded" in result.err


def test_batch_csv(loaded: Cli, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    source.write_text(
        "Customer Name,Type,DOB,Nationality\n"
        "Kim Jong Un,individual,1984,KP\n"
        "Jane Q. Ordinary,individual,1970,GB\n"
        ",,,\n"
        "Vladimir Putin,person,,\n"
        "Bad\x01Row,person,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    result = loaded("screen", "--csv", str(source), "--out", str(out))
    assert result.code == 0, result.err
    assert "screened 4 rows" in result.err
    assert "1 rows skipped" in result.err
    assert "line 6" in result.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by_name: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_name.setdefault(row["Customer Name"], []).append(row)
    assert "ofac-20275" in {r["match_entity_id"] for r in by_name["Kim Jong Un"]}
    assert [r["match_entity_id"] for r in by_name["Jane Q. Ordinary"]] == [""]
    assert any(r["match_entity_id"] == "ofac-35096" for r in by_name["Vladimir Putin"])
    assert by_name["Bad\x01Row"][0]["algorithm"].startswith("error: ")


def test_batch_csv_errors(loaded: Cli, tmp_path: Path) -> None:
    no_name = tmp_path / "no_name.csv"
    no_name.write_text("colour,size\nred,big\n")
    result = loaded("screen", "--csv", str(no_name))
    assert result.code == 4
    assert "no name column" in result.err
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "empty" in loaded("screen", "--csv", str(empty)).err
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"name\n\xff\xfe\x00\x01\n")
    assert "not UTF-8" in loaded("screen", "--csv", str(binary)).err
    assert loaded("screen", "Kim", "--csv", str(empty)).code == 2


def test_decision_suppresses_until_entity_changes(loaded: Cli, tmp_path: Path) -> None:
    def screen() -> dict[str, dict[str, object]]:
        out = loaded("screen", "Kim Jong Un", "--schema", "Person", "--json").out
        return {m["entity_id"]: m for m in json.loads(out)}

    assert screen()["ofac-20275"]["suppressed"] is False
    added = loaded(
        "decisions",
        "add",
        "Kim Jong Un",
        "ofac-20275",
        "--not-a-match",
        "--analyst",
        "A. Analyst",
        "--note",
        "different DOB",
    )
    assert added.code == 0, added.err
    after = screen()
    assert after["ofac-20275"]["suppressed"] is True
    assert after["ofac-20275"]["decision"]["analyst"] == "A. Analyst"
    assert list(after)[-1] == "ofac-20275"  # suppressed hits rank last
    listing = json.loads(loaded("decisions", "list", "--json").out)
    assert listing[0]["entity_id"] == "ofac-20275"

    # A new OFAC snapshot that changes the entity makes the decision stale: shown, not applied.
    changed = tmp_path / "sdn.xml"
    text = (LISTS / "ofac" / "sdn.xml").read_text(encoding="utf-8")
    edited = text.replace(
        "<lastName>KIM</lastName>", "<lastName>KIM</lastName><title>Chairman</title>", 1
    )
    changed.write_text(edited, encoding="utf-8")
    assert "loaded" in loaded("lists", "load", "--source", "ofac-sdn", str(changed)).out
    stale = screen()["ofac-20275"]
    assert stale["suppressed"] is False
    assert stale["decision"]["stale"] is True


def test_decision_for_unknown_entity(loaded: Cli) -> None:
    result = loaded("decisions", "add", "Kim", "ofac-0", "--analyst", "A")
    assert result.code == 5


def test_demo(cli: Cli) -> None:
    result = cli("demo")
    assert result.code == 0, result.err
    assert "opensanctions: loaded" in result.out
    assert "Screening the sample lists" in result.out
    assert "ofac-17069" in result.out


def test_batch_csv_on_two_processes_matches_one(loaded: Cli, tmp_path: Path) -> None:
    # Over 500 distinct queries, so the rows really go to worker processes.
    listed = ["Kim Jong Un", "Vladimir Putin", "Korea Mining Development"]
    rows = "".join(
        f"{listed[i % 3] if i % 4 == 0 else f'Customer Number {i}'},\n" for i in range(1200)
    )
    source = tmp_path / "many.csv"
    source.write_text("name,note\n" + rows, encoding="utf-8")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert loaded("screen", "--csv", str(source), "--out", str(one)).code == 0
    result = loaded("screen", "--csv", str(source), "--out", str(two), "--processes", "2")
    assert result.code == 0, result.err
    assert "screened 1,200 rows" in result.err
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
