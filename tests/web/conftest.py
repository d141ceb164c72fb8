"""Triage UI fixtures: the API app over the sample lists, with alerts recorded in its store."""

from __future__ import annotations

from sanctionwatch.alerts import evidence_from
from sanctionwatch.extract.records import Finding, Transfer
from sanctionwatch.ingest.document import Document
from sanctionwatch.settings import Settings
from sanctionwatch.store.alerts import AlertRecord, record_evidence
from sanctionwatch.store.repo import Store
from tests.api.conftest import api_settings, client, loaded_settings, sample_db  # noqa: F401

HOSTILE_TITLE = "<script>alert('x')</script> Shells & more"


def _document(doc_id: str, url: str, title: str) -> Document:
    return Document(
        id=doc_id,
        text="...",
        url=url,
        title=title,
        site="news.example",
        published="2023-09-12",
    )


def _transfer(doc_id: str) -> Transfer:
    return Transfer(
        doc_id=doc_id,
        sentence="American officials said the North sent artillery shells to Russia.",
        sentence_index=0,
        goods="artillery shells",
        category="ammunition",
        supplier="the North",
        recipient="Russia",
        supplier_country="KP",
        recipient_country="RU",
        date="2023-09-12",
        certainty="alleged",
        attributed_to="American officials",
    )


def _finding() -> Finding:
    return Finding(
        verdict="prohibited",
        rationale="DPRK export of all arms and related materiel is banned",
        transfer=0,
        measure_id="UN-DPRK-ARMS-FROM",
        citation="UNSCR 1718 (2006) para 8(b)",
    )


def record_alerts(settings: Settings) -> list[AlertRecord]:
    """Two articles about one transfer (one alert): one with a hostile title and URL."""
    store = Store.open(settings)
    try:
        rows = []
        for doc in (
            _document("d1", "https://news.example/a", "Shells for food"),
            _document("d2", "javascript:alert(1)", HOSTILE_TITLE),
        ):
            rows += evidence_from(doc, [_transfer(doc.id)], [_finding()])
        return record_evidence(store, rows)
    finally:
        store.close()
