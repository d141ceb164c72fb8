"""Hand-written transfers and findings for the alert tests (store, triage pages): artillery
shells from the DPRK to Russia, prohibited by UNSCR 1718 (2006) para 8(b)."""

from __future__ import annotations

from sanctionwatch.extract.records import Finding, Transfer


def shells(
    doc_id: str,
    day: str,
    certainty: str = "alleged",
    *,
    sentence: str | None = None,
    attributed_to: str = "officials",
) -> Transfer:
    """The transfer one article reports (its sentence names the article unless given)."""
    return Transfer(
        doc_id=doc_id,
        sentence=sentence
        or f"Officials said the North sent artillery shells to Russia ({doc_id}).",
        sentence_index=0,
        goods="artillery shells",
        category="ammunition",
        supplier="the North",
        recipient="Russia",
        supplier_country="kp",
        recipient_country="ru",
        date=day,
        certainty=certainty,
        attributed_to=attributed_to,
    )


def prohibited() -> Finding:
    """The finding on that transfer."""
    return Finding(
        verdict="prohibited",
        rationale="DPRK export of all arms and related materiel is banned",
        transfer=0,
        measure_id="UN-DPRK-ARMS-FROM",
        citation="UNSCR 1718 (2006) para 8(b)",
    )
