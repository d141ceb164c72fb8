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
    ("k", "k", "k"),  # ㅋ
    ("t", "t", "t"),  # ㅌ
    ("p", "p", "p"),  # ㅍ
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
