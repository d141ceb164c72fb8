"""What OFAC's labels and types mean: identifier labels, sanction provisions, party schemata.

OFAC files every identifier, contact and sanctions note of a party under one list of typed
values (`idList/id` in the XML, `;`-separated Remarks clauses in the legacy CSV). The label
table is data, `data/ofac_labels.yml`, checked on load; `ofac.Record` applies it and
`ofac_csv` finds the labels in Remarks with it.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Literal

import yaml
from followthemoney import model
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Kind = Literal["doc", "prop", "date", "country", "gender", "dob", "pob", "crypto", "skip"]

# Labels the parser treats specially besides their kind (see `ofac.Record.add_feature`).
GAZETTE = "government gazette number"  # the Russian OKPO code when issued in Russia
VESSEL_ID = "vessel registration identification"  # may be a bare 7-digit IMO number
CRYPTO = "digital currency address"  # "Digital Currency Address - XBT": a prefix
# Russian registers have their own FtM properties; OFAC labels them generically.
RUSSIAN_REGISTERS = {"taxNumber": "innCode", "registrationNumber": "ogrnCode"}

# sdnType (XML) / SDN_Type (CSV, "-0-" is an entity) -> schema; entities are refined by name.
_SCHEMATA = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "entity": "Organization",
    "": "Organization",
}
# A legal form in the name makes an entity a Company; anything else stays an Organization.
_LEGAL_FORM = re.compile(
    r"(?<![\w.])(?:L\.?L\.?C|LLP|LP|LTD|LIMITED|INC|INCORPORATED|CORP|CORPORATION|COMPANY|CO"
    r"|S\.A|S\.A\.S|S\.A\.R\.L|S\.R\.L|S\.L|SA|SARL|SRL|SAS|SAL|DE C\.V|DE R\.L|GMBH|AG|KG"
    r"|JSC|OJSC|CJSC|PJSC|PAO|OAO|ZAO|AO|OOO|TOO|AD|EAD|EOOD|OOD|DOO|D\.O\.O|S\.R\.O|K\.K|OY"
    r"|PLC|B\.V|N\.V|BV|NV|S\.C\.S|S EN C|ANSTALT"
    r"|SDN\.? BHD|PTE|PVT|FZE|FZC|FZCO|FZ-LLC|DMCC|LTDA|LIMITADA|S\.P\.A|SPA|C\.A|A\.S|SIRKETI|KFT"
    r"|E\.I\.R\.L|JOINT[- ]STOCK|ENTERPRISES?|AKTSIONERNOY?E OBSHCHESTVO"
    r"|OBSHCHESTVO S OGRANICHENNO[IJY]? OTVETSTVENNOSTYU)(?![\w-])\.?",
    re.IGNORECASE,
)
_FTM_PROPERTIES = frozenset(p for schema in model.schemata.values() for p in schema.properties)


def label_key(label: str) -> str:
    """A label as the table spells it: lower case, single spaces, no trailing ':' or '-'."""
    return " ".join(label.lower().split()).rstrip(" :-")


class Feature(BaseModel):
    """Labels whose values are read one way (`kind`) into one FtM property."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Kind
    property: str = ""
    labels: tuple[str, ...] = Field(min_length=1)

    @field_validator("property")
    @classmethod
    def _known_property(cls, value: str) -> str:
        if value and value not in _FTM_PROPERTIES:
            raise ValueError(f"no FtM schema has a property {value!r}")
        return value

    @field_validator("labels")
    @classmethod
    def _normalised(cls, labels: tuple[str, ...]) -> tuple[str, ...]:
        for label in labels:
            if label != label_key(label):
                raise ValueError(f"label {label!r} is not written as label_key writes it")
        return labels


class LabelTable(BaseModel):
    """The contents of `data/ofac_labels.yml`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    features: tuple[Feature, ...]
    provisions: tuple[str, ...]

    @model_validator(mode="after")
    def _each_label_once(self) -> LabelTable:
        seen: set[str] = set()
        for label in [*(label for f in self.features for label in f.labels), *self.provisions]:
            if label in seen:
                raise ValueError(f"label {label!r} appears twice")
            seen.add(label)
        missing = {GAZETTE, VESSEL_ID, CRYPTO} - seen
        if missing:
            raise ValueError(f"labels the parser relies on are missing: {sorted(missing)}")
        return self


def load_table() -> LabelTable:
    """The packaged label table, parsed and checked."""
    text = resources.files("sanctionwatch.lists").joinpath("data/ofac_labels.yml").read_text()
    return LabelTable.model_validate(yaml.safe_load(text))


_TABLE = load_table()
_FEATURES = {label: (f.kind, f.property) for f in _TABLE.features for label in f.labels}
_PROVISIONS = _TABLE.provisions


def known_labels() -> list[str]:
    """Every label the table knows (features and provision prefixes), longest first."""
    return sorted({*_FEATURES, *_PROVISIONS}, key=len, reverse=True)


def is_provision(key: str) -> bool:
    """Whether a label (as `label_key` writes it) introduces a note on the sanction itself."""
    return key.startswith(_PROVISIONS)


def feature(key: str) -> tuple[str, str]:
    """(kind, property) of a label as `label_key` writes it; ("", "") when unknown."""
    if key.startswith(CRYPTO):
        return "crypto", ""
    return _FEATURES.get(key, ("", ""))


def feature_kind(label: str) -> str:
    """How a label's value is read: "doc", "prop", "provision", ... ("" when unknown)."""
    key = label_key(label)
    if is_provision(key):
        return "provision"
    return feature(key)[0]


def schema_for(sdn_type: str | None, name: str) -> str | None:
    """The FtM schema of a listed party from its OFAC type (None when the type is unknown)."""
    schema = _SCHEMATA.get((sdn_type or "").strip().lower())
    if schema == "Organization" and _LEGAL_FORM.search(name):
        return "Company"
    return schema
