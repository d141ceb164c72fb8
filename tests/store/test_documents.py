"""Documents in the store (SQLite and PostgreSQL): idempotent saves, near-duplicate links."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from sanctionwatch.ingest.dedup import content_hash, document_id, simhash
from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.store.documents import (
    SaveOutcome,
    find_near_duplicate,
    get_document,
    list_documents,
    save_document,
)
from sanctionwatch.store.repo import Store
from tests.conftest import FIXTURES

WIRE = (FIXTURES / "articles" / "wire.txt").read_text(encoding="utf-8").strip()
_PARAGRAPHS = WIRE.split("\n\n")


def _document(body: str, url: str | None = None, **fields: object) -> Document:
    text_hash = content_hash(body)
    document = Document(
        id=document_id(url, text_hash),
        text=body,
        url=url,
        canonical_url=url,
        title="Tanker transfer",
        language="en",
        quotes=[(0, 5)],
        content_hash=text_hash,
        fingerprint=simhash(body),
        origin="test",
    )
    return replace(document, **fields)  # type: ignore[arg-type]


def test_save_and_get_round_trip(store: Store) -> None:
    document = _document(WIRE, "https://wire.example/tanker", fingerprint=(1 << 64) - 2)
    saved = save_document(store, document)
    assert saved.outcome == SaveOutcome.INSERTED
    assert saved.document == document
    assert get_document(store, document.id) == document
    assert get_document(store, "nope") is None
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT fingerprint FROM document")).scalar_one()
    assert stored == -2  # unsigned 64-bit simhash, stored as a signed BIGINT


def test_saving_again_is_a_no_op(store: Store) -> None:
    document = _document(WIRE, "https://wire.example/tanker")
    save_document(store, document)
    again = save_document(store, replace(document, title="Another title", origin="elsewhere"))
    assert again.outcome == SaveOutcome.UNCHANGED
    assert again.document.title == "Tanker transfer"
    assert len(list_documents(store)) == 1


def test_a_revised_article_replaces_the_stored_text(store: Store) -> None:
    url = "https://wire.example/tanker"
    save_document(store, _document(WIRE, url))
    revised = _document(WIRE + "\n\nThis story has been corrected.", url)
    saved = save_document(store, revised)
    assert saved.outcome == SaveOutcome.UPDATED
    assert saved.document.text.endswith("corrected.")
    assert saved.document.duplicate_of is None  # not a copy of its own earlier version


def test_a_failed_re_read_keeps_the_readable_text(store: Store) -> None:
    url = "https://wire.example/tanker"
    save_document(store, _document(WIRE, url))
    failed = Document(
        id=document_id(url, "0" * 64),
        text="",
        url=url,
        content_hash="f" * 64,
        status=DocumentStatus.UNREADABLE,
        reason="fetch failed: HTTP 503",
    )
    saved = save_document(store, failed)
    assert saved.outcome == SaveOutcome.UNCHANGED
    assert saved.document.status == DocumentStatus.OK
    assert saved.document.text == WIRE


def test_unreadable_then_readable_is_an_update(store: Store) -> None:
    url = "https://wire.example/tanker"
    failed = Document(
        id=document_id(url, "0" * 64),
        text="",
        url=url,
        content_hash="f" * 64,
        status=DocumentStatus.UNREADABLE,
        reason="fetch failed: HTTP 503",
    )
    assert save_document(store, failed).outcome == SaveOutcome.INSERTED
    saved = save_document(store, _document(WIRE, url))
    assert saved.outcome == SaveOutcome.UPDATED
    assert (saved.document.status, saved.document.reason) == (DocumentStatus.OK, None)


def test_copies_on_other_sites_are_linked_to_the_first(store: Store) -> None:
    original = save_document(store, _document(WIRE, "https://wire.example/tanker")).document
    headline = "Japan says tanker transfer broke sanctions\n\n" + WIRE
    copy = save_document(store, _document(headline, "https://daily.example/japan-tanker"))
    assert copy.outcome == SaveOutcome.INSERTED
    assert copy.document.duplicate_of == original.id
    assert copy.distance is not None
    assert 0 < copy.distance <= 8
    # A copy of the copy links to the root of the group, not to the copy.
    trimmed = "\n\n".join(headline.split("\n\n")[:-1])
    second = save_document(store, _document(trimmed, "https://blog.example/post"))
    assert second.document.duplicate_of == original.id
    # The same text under another URL: distance 0.
    same = save_document(store, _document(WIRE, "https://mirror.example/tanker"))
    assert (same.document.duplicate_of, same.distance) == (original.id, 0)
    originals = list_documents(store, include_duplicates=False)
    assert [d.id for d in originals] == [original.id]


def test_unrelated_and_short_texts_are_not_linked(store: Store) -> None:
    save_document(store, _document(WIRE, "https://wire.example/tanker"))
    other = "\n\n".join(reversed(_PARAGRAPHS[:3])) + "\n\nA paragraph about something else."
    assert save_document(store, _document(other)).document.duplicate_of is None
    short = "Tanker seen off Shanghai, ministry says."
    save_document(store, _document(short))
    near_short = save_document(store, _document(short + " More soon.")).document
    assert near_short.duplicate_of is None  # too short for fingerprints to mean anything
    exact_short = save_document(store, _document(short, "https://other.example/short"))
    assert exact_short.document.duplicate_of == document_id(None, content_hash(short))


def test_find_near_duplicate(store: Store) -> None:
    original = save_document(store, _document(WIRE, "https://wire.example/tanker")).document
    fingerprint = original.fingerprint ^ 0b101
    assert find_near_duplicate(store, fingerprint) == (original.id, 2)
    assert find_near_duplicate(store, fingerprint, exclude_id=original.id) is None
    assert find_near_duplicate(store, fingerprint ^ ((1 << 40) - 1)) is None
    assert find_near_duplicate(store, original.fingerprint ^ (1 << 63)) == (original.id, 1)


def test_unreadable_documents_are_never_link_targets(store: Store) -> None:
    broken = Document(
        id="hbroken",
        text="",
        content_hash=content_hash(WIRE),
        fingerprint=simhash(WIRE),
        status=DocumentStatus.UNREADABLE,
        reason="binary",
    )
    save_document(store, broken)
    assert save_document(store, _document(WIRE)).document.duplicate_of is None


def test_list_filters(store: Store) -> None:
    save_document(store, _document(WIRE, "https://wire.example/a"))
    german = "Die Behörden haben am Montag einen Tanker kontrolliert."
    save_document(
        store, _document(german, language="de", status=DocumentStatus.NOT_ANALYSED, quotes=[])
    )
    assert len(list_documents(store)) == 2
    [only] = list_documents(store, status=DocumentStatus.NOT_ANALYSED)
    assert (only.language, only.quotes) == ("de", [])
    assert [d.language for d in list_documents(store, language="en")] == ["en"]
    assert len(list_documents(store, limit=1)) == 1
    assert len(list_documents(store, limit=1, offset=1)) == 1
