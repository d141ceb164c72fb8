"""Cyrillic words → Latin readings by the systems that lists and passports use.

The same Russian name reaches the lists as "Yevgeniy Prigozhin" (BGN/PCGN, used by OFAC and the
UK), "Evgenii Prigozhin" (ICAO Doc 9303, in passports since 2013), "Evgeny Prigozhin" (common
English) or "Evgenij Prigožin" (scholarly / ISO 9). A word yields
each distinct reading; the phonetic key and the fuzzy scorer absorb what remains (-ov/-off).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

# Letter → readings in the systems (BGN/PCGN, ICAO, common English, scholarly / ISO 9). The
# scholarly hačeks are spelled as digraphs (č → ch), as Latin input is folded (`fold_latin`), so
# that the column contributes its own choices (й → j, ц → c, х → h, ю → ju) without reading ч
# as a bare "c". Context rules for е/ё/ий/ый are applied in `readings`.
_LETTERS: dict[str, tuple[str, str, str, str]] = {
    "а": ("a", "a", "a", "a"),
    "б": ("b", "b", "b", "b"),
    "в": ("v", "v", "v", "v"),
    "г": ("g", "g", "g", "g"),
    "д": ("d", "d", "d", "d"),
    "е": ("e", "e", "e", "e"),
    "ё": ("yo", "e", "yo", "e"),
    "ж": ("zh", "zh", "zh", "zh"),
    "з": ("z", "z", "z", "z"),
    "и": ("i", "i", "i", "i"),
    "й": ("y", "i", "y", "j"),
    "к": ("k", "k", "k", "k"),
    "л": ("l", "l", "l", "l"),
    "м": ("m", "m", "m", "m"),
    "н": ("n", "n", "n", "n"),
    "о": ("o", "o", "o", "o"),
    "п": ("p", "p", "p", "p"),
    "р": ("r", "r", "r", "r"),
    "с": ("s", "s", "s", "s"),
    "т": ("t", "t", "t", "t"),
    "у": ("u", "u", "u", "u"),
    "ф": ("f", "f", "f", "f"),
    "х": ("kh", "kh", "kh", "h"),
    "ц": ("ts", "ts", "ts", "c"),
    "ч": ("ch", "ch", "ch", "ch"),
    "ш": ("sh", "sh", "sh", "sh"),
    "щ": ("shch", "shch", "shch", "shch"),
    "ъ": ("", "ie", "", ""),
    "ы": ("y", "y", "y", "y"),
    "ь": ("", "", "", ""),
    "э": ("e", "e", "e", "e"),
    "ю": ("yu", "iu", "yu", "ju"),
    "я": ("ya", "ia", "ya", "ja"),
    # Ukrainian and Belarusian
    "і": ("i", "i", "i", "i"),
    "ї": ("yi", "i", "yi", "ji"),
    "є": ("ye", "ie", "ye", "je"),
    "ґ": ("g", "g", "g", "g"),
    "ў": ("w", "u", "w", "u"),
    # Serbian and Macedonian
    "ђ": ("dj", "dj", "dj", "d"),
    "ј": ("j", "j", "j", "j"),
    "љ": ("lj", "lj", "lj", "lj"),
    "њ": ("nj", "nj", "nj", "nj"),
    "ћ": ("ch", "c", "ch", "c"),
    "џ": ("dzh", "dz", "j", "dz"),
    "ѓ": ("gj", "gj", "gj", "g"),
    "ќ": ("kj", "kj", "kj", "k"),
    "ѕ": ("dz", "dz", "dz", "dz"),
    # Kazakh, Kyrgyz, Tajik, Uzbek, Mongolian, Tatar, Bashkir
    "ә": ("a", "a", "a", "a"),
    "ғ": ("gh", "g", "g", "g"),
    "қ": ("q", "k", "k", "k"),
    "ң": ("ng", "n", "ng", "n"),
    "ө": ("o", "o", "o", "o"),
    "ұ": ("u", "u", "u", "u"),
    "ү": ("u", "u", "u", "u"),
    "һ": ("h", "h", "h", "h"),
    "ҳ": ("h", "kh", "kh", "h"),
    "ҷ": ("j", "ch", "j", "c"),
    "ӣ": ("i", "i", "i", "i"),
    "ӯ": ("u", "u", "u", "u"),
    "ҙ": ("z", "z", "z", "z"),
    "ҫ": ("s", "s", "s", "s"),
    "ӊ": ("ng", "n", "ng", "n"),
}
_VOWELS = frozenset("аеёиоуыэюяіїєәөұүӣӯ")
_SIGNS = frozenset("ъь")
# Letters that make a word Ukrainian, where г is read "h" (Hennadiy, Hrytsenko).
_UKRAINIAN = frozenset("іїєґ")
_BGN, _ICAO, _ENGLISH, _SCHOLARLY = range(4)


def _after_vowel_or_start(word: str, index: int) -> bool:
    return index == 0 or word[index - 1] in _VOWELS or word[index - 1] in _SIGNS


def _reading(word: str, system: int) -> str:
    out: list[str] = []
    last = len(word) - 1
    for index, char in enumerate(word):
        if char == "е" and system in (_BGN, _ENGLISH) and _after_vowel_or_start(word, index):
            out.append("ye")
        elif char == "й" and index == last and index > 0 and word[index - 1] in "иы":
            # -ий / -ый endings: Dmitriy, Dmitry, Dmitrii, Dmitrij
            if system == _ENGLISH:
                out[-1] = "y"
            else:
                out.append(_LETTERS[char][system])
        else:
            letters = _LETTERS.get(char)
            out.append(letters[system] if letters is not None else char)
    return "".join(out)


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[str, ...]:
    """Distinct Latin readings of a lower-case Cyrillic word, the BGN/PCGN reading first."""
    found = [_reading(word, system) for system in (_BGN, _ICAO, _ENGLISH, _SCHOLARLY)]
    if _UKRAINIAN.intersection(word):
        found.append(_reading(word.replace("г", "һ").replace("и", "ы"), _BGN))
    return tuple(dict.fromkeys(r for r in found if r))


# Korean names in Russian keep the Soviet-era transcription (Ким Чен Ын, Ким Ир Сен): the
# syllables are re-read as Korean romanisations, so that Чен meets Jong and Ын meets Un. Segments
# of a word, longest first, with their Korean readings (initial position / final position).
_KOREAN_SEGMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("чж", ("j", "ch")),
    ("чх", ("ch",)),
    ("кх", ("k",)),
    ("тх", ("t",)),
    ("пх", ("p",)),
    ("кк", ("kk",)),
    ("дж", ("j",)),
    ("ль", ("l",)),
    ("ч", ("j", "ch")),
    ("ц", ("j", "ch")),
    ("к", ("k", "g")),
    ("г", ("g", "k")),
    ("т", ("t", "d")),
    ("д", ("d", "t")),
    ("п", ("p", "b")),
    ("б", ("b", "p")),
    ("р", ("r", "l")),
    ("л", ("l", "r")),
    ("с", ("s",)),
    ("ш", ("sh", "s")),
    ("х", ("h",)),
    ("м", ("m",)),
    ("н", ("n",)),
    ("ва", ("wa",)),
    ("во", ("wo",)),
    ("ве", ("we",)),
    ("а", ("a",)),
    ("э", ("ae", "e")),
    ("я", ("ya",)),
    ("е", ("o", "eo", "u", "e")),
    ("ё", ("yeo", "yo")),
    ("о", ("o", "eo")),
    ("у", ("u", "oo")),
    ("ю", ("yu",)),
    ("ы", ("u", "eu")),
    ("и", ("i",)),
    ("й", ("i",)),
    ("ж", ("j",)),
    ("ь", ("",)),
    ("ъ", ("",)),
)
# Final consonants: Russian writes ㅇ as н (Чен = 정 jeong) and ㄹ as р (Ир = 일 il).
_KOREAN_FINALS = {
    "н": ("ng", "n"),
    "р": ("l",),
    "ль": ("l",),
    "к": ("k",),
    "п": ("p",),
    "т": ("t",),
}
_MAX_KOREAN_READINGS = 12


@lru_cache(maxsize=8192)
def korean_readings(word: str) -> tuple[str, ...]:
    """Korean romanisations of a Korean syllable word written in Cyrillic ("чен" → jeong, jong)."""
    parts: list[tuple[str, ...]] = []
    index = 0
    while index < len(word):
        for segment, readings in _KOREAN_SEGMENTS:
            if word.startswith(segment, index):
                final = index + len(segment) == len(word) and index > 0
                parts.append(_KOREAN_FINALS.get(segment, readings) if final else readings)
                index += len(segment)
                break
        else:
            return ()
    # Readings that depart least from the first choice of each segment come first.
    combinations = sorted(product(*(range(len(p)) for p in parts)), key=sum)
    out = ("".join(p[i] for p, i in zip(parts, combo, strict=True)) for combo in combinations)
    return tuple(dict.fromkeys(out))[:_MAX_KOREAN_READINGS]
