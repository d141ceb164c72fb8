"""Fixtures for the rules stage: the packaged rules and a transfer builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sanctionwatch.extract.records import Finding, Transfer
from sanctionwatch.rules.evaluate import evaluate_transfer
from sanctionwatch.rules.regimes import Rules, default_rules
from tests.conftest import ROOT

DATA = ROOT / "src" / "sanctionwatch" / "rules" / "data"

MakeTransfer = Callable[..., Transfer]
Judge = Callable[..., list[Finding]]


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The packaged regimes."""
    return default_rules()


@pytest.fixture
def make_transfer() -> MakeTransfer:
    """Build a transfer: `make_transfer("food", "RU", "KP", goods="grain", date="2023-09-05")`."""

    def build(
        category: str,
        supplier_country: str | None,
        recipient_country: str | None,
        *,
        goods: str = "",
        date: str | None = "2024-06-01",
        sentence: str = "",
        **fields: Any,
    ) -> Transfer:
        return Transfer(
            doc_id="t",
            sentence=sentence,
            sentence_index=0,
            goods=goods,
            category=category,
            supplier_country=supplier_country,
            recipient_country=recipient_country,
            date=date,
            **fields,
        )

    return build


@pytest.fixture
def judge(make_transfer: MakeTransfer, rules: Rules) -> Judge:
    """Findings for a transfer built from the same arguments as `make_transfer`."""

    def run(*args: Any, **kwargs: Any) -> list[Finding]:
        return evaluate_transfer(make_transfer(*args, **kwargs), 0, rules)

    return run


def citations(findings: list[Finding]) -> set[str]:
    """Every single citation across the findings."""
    return {c for f in findings if f.citation for c in f.citation.split("; ")}


def measures(findings: list[Finding]) -> set[str]:
    """The measure ids of the findings."""
    return {f.measure_id for f in findings if f.measure_id}
