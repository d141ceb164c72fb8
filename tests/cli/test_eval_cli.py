"""`sanctionwatch eval extraction|mentions|maintext` on small hand-written gold files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.cli.conftest import Cli
from tests.conftest import FIXTURES, SAMPLES

GOLD = FIXTURES / "gold" / "mini.jsonl"


def test_eval_extraction(cli: Cli) -> None:
    assert cli("lists", "load", str(SAMPLES / "lists" / "ofac" / "sdn.xml")).code == 0
    result = cli("eval", "extraction", "--gold", str(GOLD), "--json")
    assert result.code == 0, result.err
    figures = json.loads(result.out)
    assert figures["articles"] == 2
    assert figures["transfers"]["tp"] == 1
    assert figures["f1"] == 1.0
    assert figures["negatives"] == {"articles": 1, "transfers": 0, "with_prohibited": 0}
    assert figures["citations"]["share"] == 1.0
    assert "transfer F1" in cli("eval", "extraction", "--gold", str(GOLD)).out


def test_eval_mentions(cli: Cli) -> None:
    assert cli("lists", "load", str(SAMPLES / "lists" / "ofac" / "sdn.xml")).code == 0
    figures = json.loads(cli("eval", "mentions", "--gold", str(GOLD), "--json").out)
    assert figures["gold_parties"] == 2
    assert figures["links"] >= 1
    assert figures["linking_precision"] == 1.0


def test_eval_mentions_exact_links(cli: Cli, tmp_path: Path) -> None:
    assert cli("lists", "load", str(SAMPLES / "lists" / "ofac" / "sdn.xml")).code == 0
    links = tmp_path / "links.json"
    links.write_text(json.dumps({"Vladimir Putin": ["ofac-35096"], "Kremlin": []}))
    figures = json.loads(
        cli("eval", "mentions", "--gold", str(GOLD), "--links", str(links), "--json").out
    )
    assert figures["linking_judgement"].startswith("exact")
    assert figures["linking_recall"] == 1.0
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"Vladimir Putin": ["ofac-1"]}))
    figures = json.loads(
        cli("eval", "mentions", "--gold", str(GOLD), "--links", str(wrong), "--json").out
    )
    assert figures["linking_precision"] == 0.0


def test_eval_bad_gold_file(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "ok"}\nnot json\n')
    result = cli("eval", "extraction", "--gold", str(bad))
    assert result.code == 4
    assert "line 2" in result.err


def test_eval_maintext(cli: Cli, tmp_path: Path) -> None:
    page = (
        "<html><body><article><p>"
        + "The tanker switched off its transponder before meeting a North Korean ship. " * 3
        + "</p></article></body></html>"
    )
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.html.gz").write_bytes(gzip.compress(page.encode()))
    gold = (
        "The tanker switched off its transponder before meeting a North Korean ship. " * 3
    ).strip()
    (tmp_path / "ground-truth.json").write_text(json.dumps({"a": {"articleBody": gold}}))
    figures = json.loads(cli("eval", "maintext", "--dir", str(tmp_path), "--json").out)
    assert [f["extractor"] for f in figures] == ["sanctionwatch", "trafilatura"]
    assert figures[0]["f1"] == 1.0
