"""Names in any script → reading slots in lower-case ASCII.

A slot is one word (or one Korean/Chinese syllable) of a name with every reading it may have in
Latin script. Scripts with name-aware rules get them (Hangul → `korean`, Han → `chinese`,
Cyrillic → `cyrillic`); Latin letters with diacritics are folded (`normalize.fold_latin`);
every other script (Arabic, Persian, Greek, Hebrew, Georgian, Armenian, ...) goes through
anyascii, whose consonant skeleton ("mhmd" for محمد) the phonetic key then matches.
"""

from __future__ import annotations

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
    words = split_words(prepared)
    slots: list[Slot] = []
    via: set[str] = set()
    surnames: set[int] = set()
    hangul_done = False
    han_seen = False
    korean_cyrillic = _korean_in_cyrillic(words)
    for word, script in words:
        if script == LATIN:
            if word.isascii():
                slots.append((word,))
            else:
                slots.append(fold_latin(word))
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
        else:
            slots.append((_generic_reading(word),))
            via.add(VIA_GENERIC)
    if not all(slots):  # positions in `surnames` count empty slots: drop them after
        kept = [i for i, slot in enumerate(slots) if slot]
        surnames = {kept.index(i) for i in surnames if i in kept}
        slots = [slots[i] for i in kept]
    return slots, frozenset(via), frozenset(surnames)
