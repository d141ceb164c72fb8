"""Odd input never crashes the engine: it is screened or refused with a UsageError."""

from __future__ import annotations

import random

from followthemoney import model

from sanctionwatch.exceptions import UsageError
from sanctionwatch.screening import ScreeningIndex
from sanctionwatch.screening.model import Query

# Letters of several scripts, joiners, combining marks, digits and punctuation.
ALPHABET = (
    "abcXYZ -'.,()&/ـا ب ت ي و ء ع ة ی ک 김정은 이 박 Ким Чен Ын ёъь 习近平 ß ü é ʿ ‘ ’ "
    "\u200d \u200c \u0301 ١٢ 12 0 ․ ·"
)


def _index() -> ScreeningIndex:
    entities = []
    for number, name in enumerate(
        ["Abdullah Atir", "KIM Jong Un", "Владимир Путин", "Korea Mining Development Trading Corp"]
    ):
        entity = model.make_entity("Person" if number < 3 else "Organization")
        entity.id = f"e{number}"
        entity.add("name", name)
        entities.append(entity)
    return ScreeningIndex.build(entities)


def test_mixed_script_regression() -> None:
    # An Arabic word with a Latin letter inside once left an empty reading that crashed scoring.
    index = _index()
    for text in ("اtیر عبد الله", "ا", "ا b", "x ا", "ʿ", "\u0301a"):
        index.screen(Query(name=text))


def test_random_strings_screen_or_refuse() -> None:
    index = _index()
    rng = random.Random(20261129)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 25)))
        schema = rng.choice(["Thing", "Person", "Organization", "Vessel"])
        try:
            matches = index.screen(Query(name=text, schema=schema))
        except UsageError:
            continue
        assert all(0.0 <= m.score <= 1.0 for m in matches)
