"""Readings of names in Hangul, Han, Cyrillic, Arabic and Latin with diacritics."""

from __future__ import annotations

import pytest

from sanctionwatch.screening import chinese, cyrillic, korean
from sanctionwatch.screening.names import Category, Kind, analyze
from sanctionwatch.screening.normalize import fold_latin, phonetic_key, prepare
from sanctionwatch.screening.translit import german_reading, transliterate


def test_korean_name_is_read_per_syllable_with_surname_first() -> None:
    slots = korean.name_slots(["김정은"])
    assert len(slots) == 3  # not one "gimjeongeun" token
    surname, jong, un = slots
    assert surname[0] == "kim"
    assert {"jeong", "jong", "chong"} <= set(jong)  # RR, DPRK, McCune–Reischauer
    assert {"eun", "un"} <= set(un)


@pytest.mark.parametrize(
    ("surname", "expected"),
    [
        ("김", {"kim", "gim"}),
        ("이", {"lee", "ri", "yi", "rhee"}),
        ("박", {"park", "pak"}),
        ("최", {"choi", "choe"}),
        ("정", {"jeong", "jung", "chong"}),
        ("리", {"ri", "lee"}),
    ],
)
def test_korean_surname_conventions(surname: str, expected: set[str]) -> None:
    assert expected <= set(korean.surname_readings(surname))


def test_korean_readings_follow_jamo_rules_for_any_syllable() -> None:
    # 혁 (ㅎ+ㅕ+ㄱ): Revised "hyeok", DPRK/MR "hyok", popular "hyuk" — derived, not listed.
    assert {"hyeok", "hyok", "hyuk"} <= set(korean.syllable_readings("혁"))
    # 시 palatalises: "si" and "shi" are both in use.
    assert {"si", "shi"} <= set(korean.syllable_readings("시"))


def test_korean_two_syllable_surname_and_separate_words() -> None:
    assert korean.name_slots(["남궁민수"])[0][0] == "namgung"
    assert len(korean.name_slots(["김", "정은"])) == 3


def test_chinese_pinyin_and_wade_giles_surname_first() -> None:
    assert chinese.name_slots("习近平") == (("xi", "hsi"), ("jin", "chin"), ("ping",))
    # 曾 reads "ceng" in words but "zeng" as a surname.
    assert chinese.name_slots("曾庆红")[0][0] == "zeng"


def test_romanised_chinese_names_get_the_other_system() -> None:
    extra = chinese.latin_readings(["hsi", "chin", "ping"])
    assert extra is not None
    assert "xi" in extra[0]
    assert "jin" in extra[1]
    # A name that is not Chinese syllables gets nothing ("Jan" is not pinyin "ran").
    assert chinese.latin_readings(["jan", "kowalski"]) is None


def test_cyrillic_readings_cover_the_systems_in_use() -> None:
    readings = set(cyrillic.readings("евгений"))
    # BGN/PCGN, ICAO passports, common English, scholarly
    assert {"yevgeniy", "evgenii", "yevgeny", "evgenij"} <= readings
    assert "kim" in cyrillic.readings("ким")
    assert {"khabarov", "habarov"} <= set(cyrillic.readings("хабаров"))


def test_ukrainian_letters_read_ukrainian() -> None:
    assert "volodymyrivna" in cyrillic.readings("володимирівна")


def test_arabic_script_reads_letters_and_supplies_short_vowels() -> None:
    slots, via, _surnames = transliterate(prepare("محمد بن سلمان"))
    assert [s[0] for s in slots] == ["mahamad", "bin", "salaman"]
    assert "mhmd" in slots[0]  # the consonant skeleton stays a reading
    assert phonetic_key("mahamad") == phonetic_key("mohammed") == phonetic_key("muhammad")
    assert via == {"arabic transliteration"}
    # "Abd al-" comes apart from the name it is written with (to be read as one word, "Abdul");
    # ʿayn is a vowel.
    slots, _, _ = transliterate(prepare("عبدالله"))
    assert [s[0] for s in slots] == ["abd", "al", "lah"]
    slots, _, _ = transliterate(prepare("عبد القادر"))
    assert [s[0] for s in slots] == ["abd", "al", "qadar"]
    # Elsewhere the article stays with its word, with the spellings Latin lists give the pair.
    (din,), _, _ = transliterate(prepare("الدين"))
    assert din[0] == "din"
    assert {"aldin", "uddin", "eddin"} <= set(din)
    # Weak letters read as long vowels between consonants (يوسف → yusaf ~ Yusuf).
    (yusuf,), _, _ = transliterate(prepare("يوسف"))
    assert yusuf[0] == "yusaf"
    assert phonetic_key(yusuf[0]) == phonetic_key("yusuf")
    # Persian values of Arabic letters (ضیا → Zia).
    (zia,), _, _ = transliterate(prepare("ضیا"))
    assert "zia" in zia


def test_latin_diacritics_fold_with_both_readings() -> None:
    assert fold_latin("müller") == ("muller", "mueller")
    assert fold_latin("čen") == ("chen", "cen")
    assert analyze("Ōsaka Ñandú", Category.ANY).slots[0].primary == "osaka"


@pytest.mark.parametrize(
    "variants",
    [
        ("jong", "chong", "jeong", "jung"),
        ("khabarov", "habarov"),
        ("smirnov", "smirnoff"),
        ("yevgeny", "evgeniy", "evgenii"),
        ("muhammad", "mohammed", "mohamed", "mehmet"),
        ("qaddafi", "gaddafi", "kadhafi"),
        ("prigozhin", "prigojine"),
        ("philip", "filip"),
        ("dzhokhar", "jokhar"),
        ("youssef", "yusuf"),
    ],
)
def test_phonetic_key_merges_romanisation_variants(variants: tuple[str, ...]) -> None:
    assert len({phonetic_key(v) for v in variants}) == 1


@pytest.mark.parametrize(("a", "b"), [("putin", "potanin"), ("smith", "azamat"), ("un", "il")])
def test_phonetic_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


def test_slot_kinds() -> None:
    person = analyze("PUTIN, Vladimir Vladimirovich", Category.PERSON)
    assert [s.kind for s in person.slots] == [Kind.NORMAL, Kind.NORMAL, Kind.PATRONYMIC]
    company = analyze("Korea Mining Development Trading Corporation", Category.ORG)
    kinds = {s.primary: s.kind for s in company.slots}
    assert kinds["trading"] == Kind.GENERIC
    assert kinds["corporation"] == Kind.LEGAL
    # Legal forms in any language become one comparable form.
    assert analyze("OOO Romashka", Category.ORG).slots[0].primary == "llc"
    assert analyze("Romashka Limited Liability Company", Category.ORG).slots[-1].primary == "llc"


def test_honorifics_dropped_and_abd_al_joined() -> None:
    name = analyze("Sheikh Abd al-Rahman al-Qaddafi", Category.PERSON)
    assert [s.primary for s in name.slots] == ["abdal", "rahman", "al", "qaddafi"]
    assert name.slots[2].kind == Kind.PARTICLE
    assert "abdul" in name.slots[0].forms


def test_korean_names_in_russian_transcription() -> None:
    # Soviet-era spellings of Korean names are re-read as Korean romanisations.
    assert {"jong", "jeong"} <= set(cyrillic.korean_readings("чен"))
    assert {"un", "eun"} <= set(cyrillic.korean_readings("ын"))
    assert cyrillic.korean_readings("ир") == ("il",)
    name = analyze("Ким Чен Ын", Category.PERSON)
    assert "jong" in name.slots[1].forms
    # A Russian name is not read as Korean.
    assert "jong" not in analyze("Шойгу Сергей", Category.PERSON).slots[0].forms


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("jewgeni", "yevgeni"),
        ("prigoschin", "prigoshin"),
        ("medwedew", "medvedev"),
        ("abramowitsch", "abramovich"),
        ("chodorkowski", "khodorkovski"),
        ("wladimir", "vladimir"),
        ("jurij", "yuriy"),
    ],
)
def test_german_spellings_of_slavic_names_get_an_english_reading(word: str, reading: str) -> None:
    assert german_reading(word) == reading
    (slot,) = transliterate(word)[0]
    assert reading in slot


@pytest.mark.parametrize(
    "word", ["jong", "kwang", "hwang", "wang", "won", "chen", "jose", "sergej"]
)
def test_other_romanisations_are_left_alone(word: str) -> None:
    """Korean and Chinese j and w, English ch: no German mark, no extra reading."""
    assert german_reading(word) is None
