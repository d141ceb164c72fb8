"""The official sources: names, download URLs, and which parser reads each one."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sanctionwatch.exceptions import InputError, UsageError
from sanctionwatch.lists.common import ListParser


@dataclass(frozen=True)
class Source:
    """One official list."""

    name: str
    title: str
    parsers: tuple[str, ...]  # modules under sanctionwatch.lists, one per published format
    url: str  # official download URL
    filename: str  # name of the downloaded file
    publisher: str


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source(
            name="un",
            title="UN Security Council Consolidated List",
            parsers=("un",),
            url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
            filename="consolidated.xml",
            publisher="United Nations Security Council",
        ),
        Source(
            name="ofac-sdn",
            title="OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
            parsers=("ofac", "ofac_csv"),
            url="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML",
            filename="sdn.xml",
            publisher="US Treasury, Office of Foreign Assets Control",
        ),
        Source(
            name="ofac-cons",
            title="OFAC Consolidated Sanctions List (non-SDN)",
            parsers=("ofac", "ofac_csv"),
            url="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML",
            filename="consolidated.xml",
            publisher="US Treasury, Office of Foreign Assets Control",
        ),
        Source(
            name="eu",
            title="EU Consolidated Financial Sanctions List",
            parsers=("eu",),
            # The token is the public one the Commission publishes for anonymous downloads.
            url="https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
            filename="eu-fsf.xml",
            publisher="European Commission (FISMA)",
        ),
        Source(
            name="uk",
            title="UK Sanctions List (FCDO)",
            parsers=("uk",),
            url="https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
            filename="UK-Sanctions-List.xml",
            publisher="Foreign, Commonwealth & Development Office",
        ),
        Source(
            name="uk-ofsi",
            title="OFSI Consolidated List of Financial Sanctions Targets",
            parsers=("ofsi",),
            url="https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
            filename="ConList.csv",
            publisher="HM Treasury, Office of Financial Sanctions Implementation",
        ),
        Source(
            name="opensanctions",
            title="OpenSanctions consolidated sanctions (FollowTheMoney)",
            parsers=("ftm",),
            url="https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
            filename="entities.ftm.json",
            publisher="OpenSanctions",
        ),
    )
}

# Sniffing order: specific formats before general ones (FtM JSON lines accept any JSON object).
_SNIFF_ORDER = ("un", "eu", "ofac-sdn", "uk", "uk-ofsi", "opensanctions")


def get_source(name: str) -> Source:
    """The source called `name`, or a usage error listing the known ones."""
    try:
        return SOURCES[name]
    except KeyError:
        known = ", ".join(sorted(SOURCES))
        raise UsageError(f"unknown source {name!r}; known sources: {known}") from None


def _module(name: str) -> ListParser:
    return cast(ListParser, importlib.import_module(f"sanctionwatch.lists.{name}"))


def get_parser(source: str, path: Path) -> ListParser:
    """The parser for `path` among the formats `source` is published in."""
    modules = [_module(name) for name in get_source(source).parsers]
    if len(modules) == 1:
        return modules[0]
    head = read_head(path)
    for module in modules:
        if module.sniff(str(path), head):
            return module
    return modules[0]


def read_head(path: Path, size: int = 64 * 1024) -> bytes:
    """The first bytes of a file (empty for a directory)."""
    if path.is_dir():
        return b""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc


def detect_source(path: Path) -> str:
    """Which source a file belongs to, judged from its content (and, for OFAC, its name)."""
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    head = read_head(path)
    for name in _SNIFF_ORDER:
        if any(_module(m).sniff(str(path), head) for m in SOURCES[name].parsers):
            if name == "ofac-sdn" and "consolidated" in path.name.lower():
                # sdn.xml and the non-SDN consolidated.xml share one schema; only the name differs.
                return "ofac-cons"
            return name
    if not head.strip() and not path.is_dir():
        raise InputError(f"{path}: the file is empty")
    raise InputError(
        f"{path}: not a recognised list format; pass --source (one of {', '.join(sorted(SOURCES))})"
    )
