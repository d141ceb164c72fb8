"""Triage UI fixtures: the API app over the sample lists, with alerts recorded in its store."""

from __future__ import annotations

from sanctionwatch.alerts import evidence_from
from sanctionwatch.ingest.document import Document
from sanctionwatch.settings import Settings
from sanctionwatch.store.alerts import AlertRecord, record_evidence
from sanctionwatch.store.repo import Store
from tests.alert_data import prohibited, shells
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


def record_alerts(settings: Settings) -> list[AlertRecord]:
    """Two articles about one transfer (one alert): one with a hostile title and URL."""
    store = Store.open(settings)
    try:
        rows = []
        for doc in (
            _document("d1", "https://news.example/a", "Shells for food"),
            _document("d2", "javascript:alert(1)", HOSTILE_TITLE),
        ):
            transfer = shells(
                doc.id,
                "2023-09-12",
                sentence="American officials said the North sent artillery shells to Russia.",
                attributed_to="American officials",
            )
            rows += evidence_from(doc, [transfer], [prohibited()])
        return record_evidence(store, rows)
    finally:
        store.close()
