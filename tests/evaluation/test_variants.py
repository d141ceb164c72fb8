"""Spelling variants derived by rule, and the builder's own resemblance measure."""

from __future__ import annotations

import random

from rapidfuzz.distance import OSA

from sanctionwatch.evaluation.corpus import Party
from sanctionwatch.evaluation.resemblance import (
    is_acronym,
    is_clear_negative,
    is_script_variant,
    is_variant,
    skeleton,
)
from sanctionwatch.evaluation.variants import (
    cyrillic,
    drop_middle,
    hangul,
    korean_hangul,
    korean_name,
    korean_romanisation,
    legal_form,
    parse_syllable,
    romanise,
    typo,
    word_order,
)


def person(name: str, *, family: str = "ofac", programs: set[str] | None = None) -> Party:
    first, _, last = name.rpartition(" ")
    return Party(
        id="x",
        family=family,
        schema="Person",
        name=name,
        first_name=first if family == "ofac" else None,
        last_name=last if family == "ofac" else None,
        programs=programs or set(),
    )


def test_korean_syllables_read_both_ways() -> None:
    assert {hangul(s) for s in parse_syllable("jong")} == {"종", "정"}
    assert hangul(parse_syllable("kwang")[0]) == "광"
    (jeong,) = [s for s in parse_syllable("jong") if hangul(s) == "정"]
    assert romanise(jeong, "rr") == "jeong"
    assert romanise(jeong, "mr") == "chong"
    assert parse_syllable("xyz") == ()


def test_korean_names_get_other_romanisations_and_hangul() -> None:
    kim = person("Jong Un KIM", programs={"DPRK3"})
    assert korean_name(kim) == ("kim", ["jong", "un"])
    rng = random.Random(1)
    for _ in range(5):
        text = korean_romanisation(kim, rng)
        assert text is not None
        assert text.split()[0].strip(",").lower() in {"gim", "kim"}
        written = korean_hangul(kim, rng)
        assert written is not None
        assert written.replace(" ", "")[0] == "김"
        assert written.replace(" ", "")[1] in "정종"
        assert written.replace(" ", "")[2] in "은운언"
    # Only names of North Korea programmes, and never a surname that could be either end.
    assert korean_name(person("Jong Un KIM")) is None
    assert korean_name(person("MYONG GUK JON", family="un", programs={"DPRK"})) is None


def test_russian_names_in_cyrillic() -> None:
    prigozhin = person("Yevgeniy Viktorovich PRIGOZHIN", programs={"RUSSIA-EO14024"})
    assert cyrillic(prigozhin, random.Random(3)) == "Евгений Викторович Пригожин"
    assert (
        cyrillic(
            person("Andrei Sergeyevich ZELENSKY", programs={"UKRAINE-EO13661"}), random.Random(3)
        )
        == "Андрей Сергеевич Зеленский"
    )
    # Not a Russia programme, or not a Slavic name: no rendering.
    assert cyrillic(person("Yevgeniy Viktorovich PRIGOZHIN"), random.Random(3)) is None
    assert cyrillic(person("John SMITH", programs={"RUSSIA-EO14024"}), random.Random(3)) is None


def test_word_order_and_dropped_middle_names() -> None:
    rng = random.Random(0)
    putin = person("Vladimir Vladimirovich PUTIN")
    assert word_order(putin, rng) == "PUTIN Vladimir Vladimirovich"
    assert drop_middle(putin, rng) == "Vladimir PUTIN"
    un = person("AYMAN MUHAMMED RABI AL-ZAWAHIRI", family="un")
    assert word_order(un, rng) == "AL-ZAWAHIRI AYMAN MUHAMMED RABI"
    assert drop_middle(un, rng) in {"AYMAN RABI AL-ZAWAHIRI", "AYMAN MUHAMMED AL-ZAWAHIRI"}
    # A Korean given name is one name: its syllables are not middle names.
    assert drop_middle(person("KIM SONG CHOL", family="un", programs={"DPRK"}), rng) is None


def test_typos_and_legal_forms() -> None:
    rng = random.Random(5)
    for _ in range(20):
        text = typo("Oleg Aleksandrovich LEBEDEV", rng)
        assert text is not None
        assert 0 < OSA.distance(text, "Oleg Aleksandrovich LEBEDEV") <= 1
    assert typo("Li Wei", rng) is None  # no word long enough
    forms = {legal_form("ROMASHKA, OOO", random.Random(n)) for n in range(30)}
    assert "LLC ROMASHKA" in forms
    assert "ROMASHKA LIMITED LIABILITY COMPANY" in forms
    assert legal_form("ROMASHKA", rng) is None


def test_the_builders_resemblance_measure() -> None:
    assert is_variant("Natalya KHORSHEVA", "Natalya Ivanovna KHORSHEVA", person=True)
    assert is_variant("Salman ADINEHVAND", "Salman ADINEH VAND", person=True)
    # A given name alone is a nickname, not a rendering; a short form of a long name neither.
    assert not is_variant("JULITO", "Julio Cesar LOPEZ PENA", person=True)
    assert not is_variant("BRANCH 215", "SYRIAN MILITARY INTELLIGENCE BRANCH 215 - RAIDS")
    assert is_clear_negative("KIM JONG IL", "KIM JONG UN")
    assert not is_clear_negative("KIM JONG UN", "Jong Un KIM")
    assert not is_clear_negative("Mohammad BARAKAT", "Mohammad Fayez BARAKAT")  # a subset
    assert is_acronym("KOMID", "KOREA MINING DEVELOPMENT TRADING CORPORATION") is False
    assert is_acronym("KMDTC", "KOREA MINING DEVELOPMENT TRADING CORPORATION")
    assert is_acronym("NITC", "NATIONAL IRANIAN TANKER COMPANY")
    assert skeleton("Muhammad Ali") == "mhmd l"
    assert is_script_variant("زكريا الصبار", "ZAKARYA ESSABAR")
    assert not is_script_variant("أبو شيماء", "MUSTAFA HAJJI MUHAMMAD KHAN")
