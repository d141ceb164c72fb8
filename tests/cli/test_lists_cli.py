"""`sanctionwatch lists ...` and `entities ...` end to end, with error rendering and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.conftest import Cli
from tests.conftest import FIXTURES, SAMPLES
from tests.httpserver import LocalServer, Reply

UN = SAMPLES / "lists" / "un" / "consolidated.xml"
UN_PREV = SAMPLES / "lists" / "un" / "prev" / "consolidated.xml"


def test_load_status_diff_show(cli: Cli) -> None:
    result = cli("lists", "load", str(UN_PREV))
    assert result.code == 0, result.err
    assert "un: loaded snapshot #1" in result.out
    assert cli("lists", "load", str(UN)).code == 0
    again = cli("lists", "load", str(UN))
    assert "unchanged" in again.out

    status = cli("lists", "status", "--json")
    rows = {row["source"]: row for row in json.loads(status.out)}
    assert rows["un"]["active"]["id"] == 2
    assert rows["un"]["active"]["counts"]["targets"] == 13
    assert rows["ofac-sdn"]["active"] is None
    assert "un" in cli("lists", "status").out

    diff = json.loads(cli("lists", "diff", "un", "--json").out)
    assert [e["id"] for e in diff["added"]] == ["un-KPi.099", "un-QDe.131"]
    assert "un-KPe.022" in cli("lists", "diff", "un").out

    shown = json.loads(cli("entities", "show", "un-KPe.001", "--json").out)
    current = shown["versions"][0]
    assert current["entity"]["caption"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert "KOMID" in current["entity"]["properties"]["alias"]
    assert any(r["schema"] == "Sanction" for r in current["related"])
    assert [v["snapshot"]["id"] for v in shown["versions"]] == [2, 1]
    text = cli("entities", "show", "un-KPe.001").out
    assert "United Nations Security Council" in text
    assert "Snapshots: #2 un (active), #1 un (superseded)" in text


def test_bad_file_is_a_clean_error(cli: Cli) -> None:
    assert cli("lists", "load", str(UN)).code == 0
    result = cli(
        "lists", "load", "--source", "un", str(FIXTURES / "lists" / "un" / "truncated.xml")
    )
    assert result.code == 4
    assert result.err.startswith("Error: ")
    assert "truncated.xml" in result.err
    assert "Traceback" not in result.err
    status = json.loads(cli("lists", "status", "--json").out)
    un = next(row for row in status if row["source"] == "un")
    assert un["active"]["id"] == 1
    assert "truncated.xml" in un["last_failure"]["error"]


def test_usage_errors(cli: Cli, tmp_path: Path) -> None:
    assert cli("lists", "load", "--source", "nope", str(UN)).code == 2
    missing = cli("lists", "load", str(tmp_path / "missing.xml"))
    assert missing.code == 4
    assert "no such file" in missing.err
    assert cli("entities", "show", "un-XXX").code == 5
    assert cli("entities", "export", "--format", "xml").code == 2


def test_export_ftm_and_csv(cli: Cli, tmp_path: Path) -> None:
    cli("lists", "load", str(UN))
    cli("lists", "load", str(SAMPLES / "lists" / "ofac" / "sdn.xml"))
    ftm = tmp_path / "out.ftm.json"
    assert cli("entities", "export", "--format", "ftm", "--out", str(ftm)).code == 0
    lines = [json.loads(line) for line in ftm.read_text().splitlines()]
    assert {line["datasets"][0] for line in lines} == {"un", "ofac-sdn"}
    assert any(line["schema"] == "Sanction" for line in lines)
    out = cli("entities", "export", "--format", "csv", "--source", "un").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 13
    komid = next(r for r in rows if r["id"] == "un-KPe.001")
    assert "KOMID" in komid["aliases"]
    assert komid["authorities"] == "United Nations Security Council"
    assert komid["programs"] == "DPRK"


def test_update_downloads_and_conditional_get(
    cli: Cli, http_server: LocalServer, monkeypatch: object
) -> None:
    body = UN.read_bytes()
    calls: list[str | None] = []

    def route(handler: object) -> Reply:
        tag = getattr(handler, "headers", {}).get("If-None-Match")
        calls.append(tag)
        if tag == '"un-1"':
            return Reply(304)
        return Reply(body=body, headers={"ETag": '"un-1"'})

    http_server.routes["/un.xml"] = route
    cli.monkeypatch.setenv("SANCTIONWATCH_ALLOW_PRIVATE_ADDRESSES", "true")
    cli.monkeypatch.setenv(
        "SANCTIONWATCH_SOURCE_URLS", json.dumps({"un": http_server.url("/un.xml")})
    )
    first = cli("lists", "update", "un")
    assert first.code == 0, first.err
    assert "un: loaded snapshot #1" in first.out
    second = cli("lists", "update", "un")
    assert "unchanged" in second.out
    assert calls == [None, '"un-1"']
    status = json.loads(cli("lists", "status", "--json").out)
    un = next(row for row in status if row["source"] == "un")
    assert un["active"]["origin"] == http_server.url("/un.xml")
    assert un["active"]["fetched_at"] is not None


def test_update_failure_keeps_snapshot_and_other_sources(
    cli: Cli, http_server: LocalServer
) -> None:
    http_server.routes["/un.xml"] = lambda _: Reply(body=UN.read_bytes())
    http_server.routes["/broken.xml"] = lambda _: Reply(body=b"<CONSOLIDATED_LIST><INDIV")
    cli.monkeypatch.setenv("SANCTIONWATCH_ALLOW_PRIVATE_ADDRESSES", "true")
    cli.monkeypatch.setenv("SANCTIONWATCH_HTTP_RETRIES", "0")
    urls = {"un": http_server.url("/un.xml"), "eu": http_server.url("/missing.xml")}
    cli.monkeypatch.setenv("SANCTIONWATCH_SOURCE_URLS", json.dumps(urls))
    result = cli("lists", "update", "eu", "un")
    assert result.code == 1
    assert "eu:" in result.err
    assert "HTTP 404" in result.err
    assert "un: loaded" in result.out
    urls["un"] = http_server.url("/broken.xml")
    cli.monkeypatch.setenv("SANCTIONWATCH_SOURCE_URLS", json.dumps(urls))
    broken = cli("lists", "update", "un")
    assert broken.code == 1
    assert "malformed XML" in broken.err
    status = json.loads(cli("lists", "status", "--json").out)
    un = next(row for row in status if row["source"] == "un")
    assert un["active"]["id"] == 1


def test_update_refuses_private_address_by_default(cli: Cli, http_server: LocalServer) -> None:
    http_server.routes["/un.xml"] = lambda _: Reply(body=UN.read_bytes())
    cli.monkeypatch.setenv(
        "SANCTIONWATCH_SOURCE_URLS", json.dumps({"un": http_server.url("/un.xml")})
    )
    result = cli("lists", "update", "un")
    assert result.code == 1
    assert "refusing to connect" in result.err
    assert http_server.requests == []


def test_click_usage_errors_exit_2(cli: Cli) -> None:
    unknown_option = cli("lists", "load", "--bogus", str(UN))
    assert unknown_option.code == 2
    assert "No such option" in unknown_option.err
    assert "Traceback" not in unknown_option.err
    assert cli("no-such-command").code == 2
