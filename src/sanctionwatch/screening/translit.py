"""Names in any script → reading slots in lower-case ASCII.

A slot is one word (or one Korean/Chinese syllable) of a name with every reading it may have in
Latin script. Scripts with name-aware rules get them (Hangul → `korean`, Han → `chinese`,
Cyrillic → `cyrillic`); Latin letters with diacritics are folded (`normalize.fold_latin`);
Arabic script (Arabic, Persian, Urdu, Pashto) is read letter by letter (`arabic_slots`): the
article split off, weak letters read as long vowels, short vowels supplied; every other script
(Greek, Hebrew, Georgian, Armenian, ...) goes through anyascii.
"""

from __future__ import annotations

import re

from anyascii import anyascii

from sanctionwatch.screening import chinese, cyrillic, korean
from sanctionwatch.screening.lexicon import lexicon
from sanctionwatch.screening.normalize import (
    CYRILLIC,
    HAN,
    HANGUL,
    LATIN,
    ascii_token,
    fold_latin,
    split_words,
)

# How a reading was obtained, shown in match explanations.
VIA_KOREAN = "korean romanisation"
VIA_CHINESE = "chinese pinyin/wade-giles"
VIA_CYRILLIC = "cyrillic transliteration"
VIA_FOLDING = "latin folding"
VIA_GENERIC = "transliteration"
VIA_ARABIC = "arabic transliteration"

Slot = tuple[str, ...]


def _ascii_all(readings: tuple[str, ...]) -> Slot:
    """Readings made plain ASCII tokens (systems may leave letters they do not cover)."""
    out = [r if r.isascii() and r.isalnum() else ascii_token(r) for r in readings]
    return tuple(dict.fromkeys(r for r in out if r))


def _generic_reading(word: str) -> str:
    """anyascii reading of a word; a leading ʿayn or hamza (written ` or ') reads as a vowel, as
    in the Latin spellings of the same names (عبدالله → abdllh ~ Abdullah, أحمد → ahmd)."""
    raw = str(anyascii(word))
    if raw[:1] in ("`", "'"):
        raw = "a" + raw[1:]
    return ascii_token(raw)


# Arabic-script letters → the Latin letters English-language lists write for them. Letters that
# are long vowels or consonants by position (و, ي) and the vowel carriers are handled apart.
_ARABIC_CONSONANTS: dict[str, str] = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    # Persian, Urdu, Pashto
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ٹ": "t", "ڈ": "d", "ڑ": "r",
    "ں": "n", "ھ": "h", "ہ": "h", "ښ": "sh", "ځ": "dz", "څ": "ts", "ږ": "zh", "ډ": "d",
    "ټ": "t", "ړ": "r", "ڼ": "n", "ګ": "g", "ڤ": "v", "ۀ": "h",
}  # fmt: skip
# Letters always read as vowels: alif and its forms, alif maqsura, ta marbuta, ʿayn (written
# as a vowel or not at all in Latin: Saad, Sad, Jafar), hamza on its carriers.
_ARABIC_VOWELS: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ة": "a", "ع": "a",
    "ئ": "i", "ؤ": "u", "ء": "", "ے": "e", "ې": "e", "ۍ": "ai",
}  # fmt: skip
# Persian, Urdu and Pashto read these Arabic letters otherwise (Zia, not Dia; Sabit, Zakir).
_PERSIAN_VALUES = {"ض": "z", "ذ": "z", "ث": "s", "ظ": "z"}
# Weak letters: (as a long vowel, as a consonant). Alif maqsura ends Arabic words as "a" and,
# written for Persian yeh, Persian and Pashto ones as "i" (حقانى, Haqqani).
_ARABIC_WEAK = {
    "و": ("u", "w"), "ي": ("i", "y"), "ی": ("i", "y"), "ۍ": ("i", "y"), "ى": ("i", "a"),
}  # fmt: skip
_ARTICLE = "ال"
_ABD = "عبد"
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")
# Words of Arabic names with a settled Latin spelling: "son of", "father of", the article.
_ARABIC_WORDS: dict[str, Slot] = {
    "بن": ("bin", "ibn", "ben"),
    "ابن": ("ibn", "bin"),
    "بنت": ("bint",),
    "ابو": ("abu", "abou"),
    "أبو": ("abu", "abou"),
    "ولد": ("ould",),
    "ال": ("al",),
    "آل": ("al",),
    "عبد": ("abd",),
}


def is_arabic(word: str) -> bool:
    """Whether a word is written in the Arabic script (any of its languages)."""
    return all(0x0600 <= ord(c) <= 0x06FF or 0x0750 <= ord(c) <= 0x077F for c in word)


def _arabic_units(word: str, persian: bool = False) -> list[tuple[str, str, bool]] | None:
    """(vocalic reading, consonantal reading, is a vowel) per letter; None if unknown."""
    units: list[tuple[str, str, bool]] = []
    for index, char in enumerate(word):
        if persian and char in _PERSIAN_VALUES:
            units.append((_PERSIAN_VALUES[char], _PERSIAN_VALUES[char], False))
            continue
        previous_vowel = index > 0 and units[-1][2]
        if char in _ARABIC_WEAK:
            vowel, consonant = _ARABIC_WEAK[char]
            if index == 0 or previous_vowel:
                units.append((consonant, consonant, False))
            else:
                units.append((vowel, consonant, True))
        elif char in _ARABIC_VOWELS:
            reading = _ARABIC_VOWELS[char]
            units.append((reading, reading, True))
        elif char in _ARABIC_CONSONANTS:
            reading = _ARABIC_CONSONANTS[char]
            units.append((reading, reading, False))
        else:
            return None
    return units


def _arabic_word(word: str) -> Slot:
    """Readings of one Arabic-script word: with short vowels supplied ("mahamad" for محمد, whose
    consonants and length meet "Muhammad"), as written with long vowels ("mhmad"), and with the
    weak letters as consonants ("ywsf" for يوسف)."""
    units = _arabic_units(word)
    if units is None:
        return (_generic_reading(word),)
    readings = [_voweled(units)]
    if any(c in _PERSIAN_VALUES for c in word):
        persian = _arabic_units(word, persian=True)
        if persian is not None:
            readings.append(_voweled(persian))
    readings.append("".join(u[0] for u in units))
    readings.append("".join(u[1] for u in units))
    return tuple(dict.fromkeys(r for r in readings if r))


def _voweled(units: list[tuple[str, str, bool]]) -> str:
    out: list[str] = []
    for index, (reading, _consonant, vowel) in enumerate(units):
        # A short vowel between two consonants, written "a": it also keeps letters apart that
        # would read as a digraph (ط + ه is "taha", not "th").
        if index > 0 and not vowel and not units[index - 1][2] and reading:
            out.append("a")
        out.append(reading)
    return "".join(out)


def arabic_slots(word: str, *, after_abd: bool = False) -> list[Slot]:
    """Slots of an Arabic-script word.

    The article stays with its word, whose slot gains the spellings Latin lists give the pair
    (الدين → din | aldin | uddin | eddin: "Jalaluddin", "Jalal al-Din"); after "Abd" it comes
    apart instead, as "Abd al-" is read as one word ("Abdul Qadir"; عبدالرحمن → abd | al |
    rahaman, merged later into abdul | rahaman).
    """
    if word.startswith(_ABD) and word[3:5] == _ARTICLE and len(word) > 6:
        return [_ARABIC_WORDS[_ABD], _ARABIC_WORDS[_ARTICLE], _arabic_word(word[5:])]
    if word.startswith(_ARTICLE) and len(word) > 3 and word not in _ARABIC_WORDS:
        core = word[2:]
        if after_abd:
            return [_ARABIC_WORDS[_ARTICLE], _arabic_word(core)]
        return [_with_article(core)]
    return [_ARABIC_WORDS.get(word) or _arabic_word(word)]


def _with_article(core: str) -> Slot:
    readings = _arabic_word(core)
    main = readings[0]
    joined = [f"{article}{main}" for article in ("al", "ul", "el")]
    if core[0] in _SUN_LETTERS:
        # The article takes the sound of a "sun letter": ad-Din, ar-Rahman, ash-Shams.
        head = _ARABIC_CONSONANTS[core[0]]
        joined += [f"{vowel}{head}{main}" for vowel in ("u", "a", "e")]
    return tuple(dict.fromkeys((*readings, *joined)))


# Endings that the systems for Russian, Ukrainian and Belarusian write for -ий/-ій/-ый: Dmitriy,
# Dmitrij, Dmitrii (ICAO) and Dmitry (common English) are one name.
_SLAVIC_ENDINGS = ("iy", "ij", "ii", "yj", "yi")


# German spellings of Slavic names ("Jewgeni Prigoschin", "Sergej Schoigu", "Dmitri Medwedew",
# "Roman Abramowitsch", "Michail Chodorkowski"): the letters German writes for sounds English
# writes otherwise. Applied only to a word that shows a German mark — sch, a final -ij, w for
# в (final -ow/-ew, -owski, Wl-/Wr-, Jew-, w between vowels) — so that Korean and Chinese
# romanisation (Kwang, Hwa, Jong, Wang) and English ch are left alone.
_GERMAN_MARK = re.compile(r"sch|ij$|[oe]w$|[oe]wsk|^w[lr]|^jew|[aeiou]w[aeiou]")
_GERMAN_RULES = (
    (re.compile(r"tsch"), "\x00"),  # ч, kept apart from ch (х) below
    (re.compile(r"sch"), "sh"),  # ш, ж
    (re.compile(r"ch"), "kh"),  # х
    (re.compile(r"\x00"), "ch"),
    (re.compile(r"w"), "v"),
    (re.compile(r"^j(?=[aeiou])"), "y"),  # й before a vowel: Jewgeni, Jurij, Jelzin
    (re.compile(r"(?<=[aeiou])j(?=[aeiou])"), "y"),  # Majakowski
    (re.compile(r"ij$"), "iy"),
)


def german_reading(word: str) -> str | None:
    """The English-style reading of a German spelling of a Slavic name ("prigoschin" →
    prigoshin, "jewgeni" → yevgeni, "abramowitsch" → abramovich), or None if `word` shows no
    German mark or reads the same."""
    if not _GERMAN_MARK.search(word):
        return None
    reading = word
    for pattern, replacement in _GERMAN_RULES:
        reading = pattern.sub(replacement, reading)
    return reading if reading != word else None


def _latin_forms(word: str) -> Slot:
    """A Latin word's readings: itself; for a long word with a Slavic -iy/-ij/-ii ending, its
    common English spelling in -y ("vitalij" → vitaly); for a German spelling of a Slavic name,
    its English-style reading ("medwedew" → medvedev)."""
    forms = [word]
    german = german_reading(word)
    if german is not None:
        forms.append(german)
    for form in list(forms):
        if len(form) >= 5 and form.endswith(_SLAVIC_ENDINGS) and form[-3] not in "aeiouy":
            forms.append(form[:-2] + "y")
    return tuple(dict.fromkeys(forms))


def _korean_in_cyrillic(words: list[tuple[str, str]]) -> bool:
    """Whether a Cyrillic name reads as a Korean one: a Korean surname first or last, and
    nothing but short syllable words (Ким Чен Ын, Пак Пон Чжу)."""
    cyrillic_words = [w for w, s in words if s == CYRILLIC]
    if not 2 <= len(cyrillic_words) <= 4 or len(cyrillic_words) != len(words):
        return False
    if any(len(w) > 5 for w in cyrillic_words):
        return False
    surnames = lexicon().korean.cyrillic_surnames
    return cyrillic_words[0] in surnames or cyrillic_words[-1] in surnames


def transliterate(prepared: str) -> tuple[list[Slot], frozenset[str], frozenset[int]]:
    """Reading slots of a prepared (case-folded) name, how non-ASCII parts were read, and the
    positions known to hold a family name (Korean and Chinese names in their own script)."""
    slots, via, surnames, _guessed = read_name(prepared)
    return slots, via, surnames


def read_name(
    prepared: str,
) -> tuple[list[Slot], frozenset[str], frozenset[int], frozenset[int]]:
    """`transliterate`, plus the positions of slots whose vowels are guessed (Arabic script
    writes few vowels: "mahamad" for محمد is a reading, not a spelling)."""
    words = split_words(prepared)
    guessed: set[int] = set()
    slots: list[Slot] = []
    via: set[str] = set()
    surnames: set[int] = set()
    hangul_done = False
    han_seen = False
    korean_cyrillic = _korean_in_cyrillic(words)
    for word, script in words:
        if script == LATIN:
            if word.isascii():
                slots.append(_latin_forms(word))
            else:
                slots.append(tuple(f for r in fold_latin(word) for f in _latin_forms(r)))
                via.add(VIA_FOLDING)
        elif script == HANGUL:
            # All Hangul words of a name are read together: the first one holds the surname.
            if not hangul_done:
                hangul = [w for w, s in words if s == HANGUL]
                if korean.has_surname(hangul):
                    surnames.add(len(slots))
                slots.extend(korean.name_slots(hangul))
                via.add(VIA_KOREAN)
                hangul_done = True
        elif script == HAN:
            if not han_seen and len(word) <= chinese.MAX_NAME_CHARS:
                surnames.add(len(slots))
            slots.extend(chinese.name_slots(word, surname_first=not han_seen))
            han_seen = True
            via.add(VIA_CHINESE)
        elif script == CYRILLIC:
            readings = cyrillic.readings(word)
            if korean_cyrillic:
                readings = readings + cyrillic.korean_readings(word)
            slots.append(_ascii_all(readings))
            via.add(VIA_CYRILLIC)
        elif is_arabic(word):
            found = arabic_slots(word, after_abd=bool(slots) and slots[-1] == ("abd",))
            guessed.update(range(len(slots), len(slots) + len(found)))
            slots.extend(found)
            via.add(VIA_ARABIC)
        else:
            slots.append((_generic_reading(word),))
            via.add(VIA_GENERIC)
    if not all(slots):  # positions in `surnames` count empty slots: drop them after
        kept = [i for i, slot in enumerate(slots) if slot]
        surnames = {kept.index(i) for i in surnames if i in kept}
        guessed = {kept.index(i) for i in guessed if i in kept}
        slots = [slots[i] for i in kept]
    return slots, frozenset(via), frozenset(surnames), frozenset(guessed)
