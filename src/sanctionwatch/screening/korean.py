"""Korean names in Hangul → romanised readings, one syllable at a time.

Generic transliterators read 김정은 as one word ("gimjeongeun"), which matches no list entry.
Korean names are romanised per syllable, with the surname first and the given-name syllables
apart ("Kim Jong Un", "Kim Jong-un"), and by several conventions: Revised Romanisation (South
Korea since 2000: Gim Jeong-eun), McCune–Reischauer without diacritics (Kim Chong-un), the DPRK's
own system used by the UN lists (Kim Jong Un), and popular spellings (Jung, Hyun, Moon). Each
syllable becomes a slot holding every reading; the matcher takes the best one.
"""

from __future__ import annotations

from functools import lru_cache

from sanctionwatch.screening.lexicon import lexicon

_SYLLABLE_BASE = 0xAC00
_SYLLABLE_LAST = 0xD7A3

# Initial consonants (19), in Unicode order, as read by each system. Columns: Revised (RR),
# DPRK / UN style, McCune–Reischauer (MR) without apostrophes.
_INITIALS: tuple[tuple[str, str, str], ...] = (
    ("g", "k", "k"),  # ㄱ
    ("kk", "kk", "kk"),  # ㄲ
    ("n", "n", "n"),  # ㄴ
    ("d", "t", "t"),  # ㄷ
    ("tt", "tt", "tt"),  # ㄸ
    ("r", "r", "r"),  # ㄹ
    ("m", "m", "m"),  # ㅁ
    ("b", "p", "p"),  # ㅂ
    ("pp", "pp", "pp"),  # ㅃ
    ("s", "s", "s"),  # ㅅ
    ("ss", "ss", "ss"),  # ㅆ
    ("", "", ""),  # ㅇ
    ("j", "j", "ch"),  # ㅈ
    ("jj", "jj", "tch"),  # ㅉ
    ("ch", "ch", "ch"),  # ㅊ
    ("k", "kh", "k"),  # ㅋ (the DPRK writes aspirates with h: Khwang, Thae, Phyong)
    ("t", "th", "t"),  # ㅌ
    ("p", "ph", "p"),  # ㅍ
    ("h", "h", "h"),  # ㅎ
)
# Vowels (21). Columns: RR, DPRK/MR (breves dropped: ŏ → o, ŭ → u), popular South Korean
# spellings (Jung, Hyun, Moon, Soo).
_VOWELS: tuple[tuple[str, str, str], ...] = (
    ("a", "a", "a"),  # ㅏ
    ("ae", "ae", "ae"),  # ㅐ
    ("ya", "ya", "ya"),  # ㅑ
    ("yae", "yae", "yae"),  # ㅒ
    ("eo", "o", "u"),  # ㅓ
    ("e", "e", "e"),  # ㅔ
    ("yeo", "yo", "yu"),  # ㅕ
    ("ye", "ye", "ye"),  # ㅖ
    ("o", "o", "o"),  # ㅗ
    ("wa", "wa", "wa"),  # ㅘ
    ("wae", "wae", "wae"),  # ㅙ
    ("oe", "oe", "oi"),  # ㅚ
    ("yo", "yo", "yo"),  # ㅛ
    ("u", "u", "oo"),  # ㅜ
    ("wo", "wo", "wo"),  # ㅝ
    ("we", "we", "we"),  # ㅞ
    ("wi", "wi", "wi"),  # ㅟ
    ("yu", "yu", "yoo"),  # ㅠ
    ("eu", "u", "eu"),  # ㅡ
    ("ui", "ui", "eui"),  # ㅢ
    ("i", "i", "i"),  # ㅣ
)
# Final consonants (27 + none), as pronounced at the end of a syllable (the same in all systems
# for names, which are romanised syllable by syllable without sound changes across them).
_FINALS: tuple[str, ...] = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
# Vowel indices that palatalise ㅅ ("shi", "shin", "shim" are common spellings of 시, 신, 심).
_PALATAL_VOWELS = frozenset({2, 3, 6, 7, 12, 16, 17, 20})
_SIEUT = 9
# Most readings a syllable keeps: enough for the conventions above, few enough to stay fast.
MAX_READINGS = 6


def is_syllable(char: str) -> bool:
    """Whether `char` is a precomposed Hangul syllable."""
    return _SYLLABLE_BASE <= ord(char) <= _SYLLABLE_LAST


def decompose(syllable: str) -> tuple[int, int, int]:
    """Indices of (initial, vowel, final) jamo of a precomposed syllable."""
    code = ord(syllable) - _SYLLABLE_BASE
    return code // 588, (code % 588) // 28, code % 28


@lru_cache(maxsize=4096)
def syllable_readings(syllable: str) -> tuple[str, ...]:
    """Readings of one syllable by the RR, DPRK, MR and popular conventions, best known first."""
    if not is_syllable(syllable):
        return ()
    initial, vowel, final = decompose(syllable)
    rr_i, dprk_i, mr_i = _INITIALS[initial]
    rr_v, mr_v, pop_v = _VOWELS[vowel]
    coda = _FINALS[final]
    readings = [
        rr_i + rr_v + coda,  # Revised: jeong, eun
        dprk_i + mr_v + coda,  # DPRK / UN: jong, un
        mr_i + mr_v + coda,  # McCune–Reischauer: chong, un
        rr_i + pop_v + coda,  # popular: jung, hyun
        dprk_i + rr_v + coda,  # passport habit: keum, kyeong, pyeong
    ]
    if initial == _SIEUT and vowel in _PALATAL_VOWELS:
        readings.append("sh" + rr_v + coda)
    unique = tuple(dict.fromkeys(r for r in readings if r))
    return unique[:MAX_READINGS]


def _word_readings(word: str) -> tuple[str, ...]:
    """Readings of a whole word written as one token (RR, DPRK, MR spellings)."""
    per_syllable = [syllable_readings(s) for s in word if is_syllable(s)]
    if not per_syllable:
        return ()
    joined = ["".join(r[min(i, len(r) - 1)] for r in per_syllable) for i in range(3)]
    return tuple(dict.fromkeys(joined))


@lru_cache(maxsize=4096)
def surname_readings(surname: str) -> tuple[str, ...]:
    """Readings of a surname: the conventional spellings (김 = Kim, 이 = Lee/Ri/Yi), then rules."""
    conventional = lexicon().korean.surnames.get(surname, ())
    rules = syllable_readings(surname) if len(surname) == 1 else _word_readings(surname)
    return tuple(dict.fromkeys((*conventional, *rules)))


def surname_length(word: str) -> int:
    """How many leading syllables of a full name written as one word are the surname."""
    if len(word) >= 3 and word[:2] in lexicon().korean.double_surnames:
        return 2
    return 1


def has_surname(words: list[str]) -> bool:
    """Whether `name_slots(words)` starts with a surname slot."""
    if not words or not all(is_syllable(c) for c in words[0]):
        return False
    first = words[0]
    return (len(words) == 1 and 2 <= len(first) <= 4) or (len(words) > 1 and len(first) <= 2)


def name_slots(words: list[str]) -> list[tuple[str, ...]]:
    """Reading slots of a Korean name given as its Hangul words, surname first.

    One word of two to four syllables is a full name (김정은 → Kim | Jong | Un); with several
    words the first is the surname (김 정은). Longer words (organisations) are read whole.
    """
    slots: list[tuple[str, ...]] = []
    for index, word in enumerate(words):
        if not all(is_syllable(c) for c in word):
            continue
        if len(word) > 4:
            slots.append(_word_readings(word))
        elif index == 0 and len(words) == 1 and len(word) >= 2:
            cut = surname_length(word)
            slots.append(surname_readings(word[:cut]))
            slots.extend(syllable_readings(s) for s in word[cut:])
        elif index == 0 and len(word) <= 2:
            slots.append(surname_readings(word))
        else:
            slots.extend(syllable_readings(s) for s in word)
    return [slot for slot in slots if slot]


# -- Korean names already in Latin script ---------------------------------------------------------

# Most extra readings a Latin token gets; the first ones are the most telling.
MAX_LATIN_EXTRA = 8


def _dprk_reading(syllable: str) -> str:
    """The DPRK-style reading of a syllable, used as the common form of its romanisations."""
    initial, vowel, final = decompose(syllable)
    return _INITIALS[initial][1] + _VOWELS[vowel][1] + _FINALS[final]


@lru_cache(maxsize=1)
def _syllables_by_reading() -> dict[str, tuple[str, ...]]:
    """Reading of a Hangul syllable by one of the systems (Revised, DPRK, McCune–Reischauer) →
    the syllables it may stand for. Popular spellings are left out: they make many syllables
    alike ("un" for 언), and the phonetic key already meets them (Jung ~ Jong)."""
    found: dict[str, list[str]] = {}
    for code in range(_SYLLABLE_BASE, _SYLLABLE_LAST + 1):
        syllable = chr(code)
        initial, vowel, final = decompose(syllable)
        coda = _FINALS[final]
        readings = (
            _INITIALS[initial][0] + _VOWELS[vowel][0] + coda,
            _INITIALS[initial][1] + _VOWELS[vowel][1] + coda,
            _INITIALS[initial][2] + _VOWELS[vowel][1] + coda,
        )
        for reading in dict.fromkeys(readings):
            if reading:
                found.setdefault(reading, []).append(syllable)
    return {reading: tuple(s) for reading, s in found.items()}


@lru_cache(maxsize=1)
def _surnames_by_reading() -> dict[str, tuple[str, ...]]:
    """A conventional surname spelling (Lee, Park, Rhee) → every spelling of that surname."""
    found: dict[str, list[str]] = {}
    for readings in lexicon().korean.surnames.values():
        for reading in readings:
            found.setdefault(reading, []).extend(readings)
    return {reading: tuple(dict.fromkeys(r)) for reading, r in found.items()}


@lru_cache(maxsize=16384)
def _common_forms(token: str) -> tuple[str, ...] | None:
    """DPRK-style forms of a token read as one or two Korean syllables; None if it cannot be.

    "jeong" → jong; "chong" → jong, chong; "sangman" → sangman (sang | man).
    """
    by_reading = _syllables_by_reading()
    single = by_reading.get(token)
    if single is not None:
        return tuple(dict.fromkeys(_dprk_reading(s) for s in single))
    if len(token) > 10:
        return None
    joined: list[str] = []
    for cut in range(1, len(token)):
        left, right = by_reading.get(token[:cut]), by_reading.get(token[cut:])
        if left is not None and right is not None:
            for a in dict.fromkeys(map(_dprk_reading, left)):
                joined.extend(a + _dprk_reading(b) for b in right)
    return tuple(dict.fromkeys(joined)) if joined else None


def _looks_korean(tokens: list[str]) -> bool:
    if not 2 <= len(tokens) <= 4:
        return False
    surnames = _surnames_by_reading()
    return tokens[0] in surnames or tokens[-1] in surnames


def _splits(token: str) -> list[tuple[str, str]]:
    by_reading = _syllables_by_reading()
    return [
        (token[:cut], token[cut:])
        for cut in range(1, len(token))
        if token[:cut] in by_reading and token[cut:] in by_reading
    ]


def split_joined(tokens: list[str]) -> list[str] | None:
    """A Korean name's given-name syllables written as one word, written apart where that can
    be done one way only ("Gim Sangman" → gim | sang | man, as lists write "Sang Man KIM");
    "Jongun" stays whole (jong | un or jon | gun). None when the name does not look Korean or
    nothing is split."""
    if not _looks_korean(tokens):
        return None
    by_reading = _syllables_by_reading()
    surnames = _surnames_by_reading()
    out: list[str] = []
    split = False
    for token in tokens:
        if token in by_reading or token in surnames:
            out.append(token)
            continue
        # Parts of one letter ("Solo" → sol | o) say more about chance than about Korean.
        options = [o for o in _splits(token) if min(map(len, o)) >= 2]
        if not options:
            return None  # not a Korean name
        if len(options) == 1:
            out.extend(options[0])
            split = True
        else:
            out.append(token)
    return out if split else None


def latin_readings(tokens: list[str]) -> list[tuple[str, ...]] | None:
    """Readings in the other conventions for a Korean name already written in Latin letters.

    "Gim Jeong-eun", "Kim Chong Un" and "KIM JONG UN" share the DPRK-style forms of their
    syllables (kim, jong, un), and "Rhee" / "Lee" / "Ri" the spellings of one surname. Applies
    only when every token reads as one or two Korean syllables and the first or last token is a
    Korean surname, so that "Jan" in "Jan Kowalski" is left alone. Returns, per token, the
    extra readings, or None when the name does not look Korean.
    """
    if not _looks_korean(tokens):
        return None
    surnames = _surnames_by_reading()
    forms: list[tuple[str, ...]] = []
    last = len(tokens) - 1
    for position, token in enumerate(tokens):
        common = _common_forms(token)
        if common is None:
            # Conventional surname spellings are not syllable readings ("Park", "Rhee").
            if position not in (0, last) or token not in surnames:
                return None
            common = ()
        forms.append(common)
    extra: list[tuple[str, ...]] = []
    for position, (token, common) in enumerate(zip(tokens, forms, strict=True)):
        more = list(common)
        if position in (0, last):
            more = [*surnames.get(token, ()), *more]
        kept = [m for m in dict.fromkeys(more) if m != token]
        extra.append(tuple(kept[:MAX_LATIN_EXTRA]))
    return extra
