"""`sanctionwatch scan` end to end on the bundled example articles, with alerts and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.conftest import SAMPLES

ARTICLES = SAMPLES / "articles"
PUTIN = {"ofac-35096", "eu-EU.7062.43"}  # the same person on two of the loaded lists


@pytest.fixture
def listed(cli: Cli) -> Cli:
    for path in ("un/consolidated.xml", "ofac/sdn.xml", "eu/xmlFullSanctionsList_1_1.xml"):
        assert cli("lists", "load", str(SAMPLES / "lists" / path)).code == 0
    return cli


def _scan_json(cli: Cli, *inputs: str) -> dict[str, dict[str, object]]:
    result = cli("scan", *inputs, "--json")
    assert result.code == 0, result.err
    articles = [json.loads(line) for line in result.out.splitlines()]
    return {Path(str(a["document"]["origin"])).name: a for a in articles}


def test_scan_json_shape_and_findings(listed: Cli) -> None:
    articles = _scan_json(listed, str(ARTICLES / "vladivostok-summit.html"))
    summit = articles["vladivostok-summit.html"]
    document = summit["document"]
    assert isinstance(document, dict)
    assert document["published"] == "2023-09-12"
    assert document["language"] == "en"
    assert set(document) >= {"id", "url", "title", "published", "language"}
    mentions = summit["mentions"]
    assert isinstance(mentions, list)
    linked = {m["entity_id"] for m in mentions}
    assert {"ofac-20275", "ofac-17069"} <= linked
    assert PUTIN & linked
    assert all(set(m) >= {"text", "start", "end", "kind", "entity_id", "country"} for m in mentions)
    transfers = summit["transfers"]
    assert isinstance(transfers, list)
    routes = {(t["supplier_country"], t["recipient_country"], t["category"]) for t in transfers}
    assert ("KP", "RU", "ammunition") in routes
    assert ("RU", "KP", "food") in routes
    assert ("RU", "KP", "space_tech") in routes
    findings = summit["findings"]
    assert isinstance(findings, list)
    for number, transfer in enumerate(transfers):
        own = [f for f in findings if f["transfer"] == number]
        assert own, f"transfer {number} has no finding"
        if transfer["category"] == "food":
            assert {f["verdict"] for f in own} == {"not_prohibited"}
        if transfer["category"] == "ammunition":
            prohibited = [f for f in own if f["verdict"] == "prohibited"]
            assert any("UNSCR 1718 (2006) para 8(b)" in (f["citation"] or "") for f in prohibited)
    assert all(f["citation"] for f in findings if f["verdict"] == "prohibited")
    assert all(
        f["citations"] and "; ".join(f["citations"]) == f["citation"]
        for f in findings
        if f["verdict"] == "prohibited"
    )
    parties = {f["entity_id"] for f in findings if f["verdict"] == "listed_party"}
    assert PUTIN & parties  # Putin: listed, though not a party to a transfer


def test_negative_article_and_unreadable_input(listed: Cli, tmp_path: Path) -> None:
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    articles = _scan_json(listed, str(ARTICLES / "football.txt"), str(binary))
    football = articles["football.txt"]
    assert football["transfers"] == []
    assert not [f for f in football["findings"] if f["verdict"] == "prohibited"]
    photo = articles["photo.html"]
    assert photo["document"]["status"] == "unreadable"
    assert "PNG" in photo["document"]["reason"]


def test_scan_table_html_report_and_alerts(listed: Cli, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = listed("scan", str(ARTICLES), "--html", str(report))
    assert result.code == 0, result.err
    assert "prohibited" in result.out
    assert "UNSCR 1718 (2006) para 8(b)" in result.out
    assert "Alerts fed by these articles" in result.out
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "UNSCR 1718 (2006) para 8(b)" in html
    assert "<script" not in html
    assert "not prohibited" in html

    listing = json.loads(listed("alerts", "list", "--json").out)
    assert listing["total"] >= 4
    ammunition = next(
        a for a in listing["alerts"] if a["key"].startswith("transfer:KP>RU:ammunition:2023")
    )
    assert ammunition["verdict"] == "prohibited"
    shown = json.loads(listed("alerts", "show", str(ammunition["id"]), "--json").out)
    assert shown["evidence"][0]["citations"]
    assert (
        listed("alerts", "status", str(ammunition["id"]), "confirmed", "--analyst", "A").code == 0
    )
    assert (
        listed("alerts", "note", str(ammunition["id"]), "seen the imagery", "--analyst", "B").code
        == 0
    )
    trail = json.loads(listed("alerts", "show", str(ammunition["id"]), "--json").out)["events"]
    assert [e["action"] for e in trail][-2:] == ["status", "note"]
    assert listed("alerts", "status", str(ammunition["id"]), "maybe", "--analyst", "A").code == 2
    assert listed("alerts", "show", "9999").code == 5

    # Scanning the same articles again adds no evidence and no alert.
    before = json.loads(listed("alerts", "list", "--json").out)["total"]
    assert listed("scan", str(ARTICLES)).code == 0
    assert json.loads(listed("alerts", "list", "--json").out)["total"] == before


def test_scan_without_lists_still_reads(cli: Cli) -> None:
    result = cli("scan", str(ARTICLES / "arms-for-food.html"), "--json")
    assert result.code == 0
    assert "No lists are loaded" in result.err
    article = json.loads(result.out)
    assert article["transfers"]
    assert all(m["entity_id"] is None for m in article["mentions"])
