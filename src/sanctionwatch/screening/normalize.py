"""Text normalisation for screening: input checks, script runs, Latin folding, phonetic keys.

Everything here works on single strings and is cached where the same words recur (list names
repeat given names and surnames thousands of times). Transliteration of whole names lives in
`translit.py`; this module only knows about characters and words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from sanctionwatch.exceptions import UsageError

# Longer than any real name on the lists (the longest are ~250 characters); a 10 kB "name" is a
# mistake (a pasted document, a whole CSV row) and is refused instead of silently truncated.
MAX_NAME_CHARS = 500

# Combining marks and format characters that carry no identity: Latin accents left over after
# case folding (Turkish İ), Arabic vowel marks and tatweel, zero-width joiners, bidi controls.
_MARKS = re.compile(
    "[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06dc\u06df-\u06e8"
    "\u06ea-\u06ed\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
# A word: letters and digits, with apostrophes inside ("O'Brien", Wade-Giles "Ch'ing").
_WORD = re.compile(r"[^\W_]+(?:['’ʼʻ`´][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’ʼʻ`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Scholarly and national Latin letters whose ASCII reading is ambiguous: the first reading is the
# English-style digraph, the second the stripped letter ("Čen" reads "chen" or "cen").
_FOLD_ALTERNATIVES: dict[str, tuple[str, str]] = {
    "ä": ("a", "ae"),
    "ö": ("o", "oe"),
    "ü": ("u", "ue"),
    "č": ("ch", "c"),
    "š": ("sh", "s"),
    "ž": ("zh", "z"),
    "ş": ("sh", "s"),
    "ș": ("sh", "s"),
    "ç": ("c", "ch"),
    "ć": ("ch", "c"),
    "ŏ": ("o", "o"),
    "ŭ": ("u", "u"),
    "ğ": ("g", "gh"),
}

HANGUL = "hangul"
HAN = "han"
CYRILLIC = "cyrillic"
LATIN = "latin"
OTHER = "other"


def check_query_text(value: str, what: str) -> str:
    """Return `value` stripped, or raise `UsageError` naming the problem.

    Queries come from people and files: a control character or a 10 kB value is an input error
    that the user must see, not something to clean silently.
    """
    text = value.strip()
    if len(text) > MAX_NAME_CHARS:
        raise UsageError(
            f"{what} is too long ({len(text)} characters; at most {MAX_NAME_CHARS} are accepted)"
        )
    for position, char in enumerate(text):
        if unicodedata.category(char) == "Cc":
            raise UsageError(
                f"{what} contains a control character (U+{ord(char):04X}) at position {position}"
            )
    return text


def scrub(text: str) -> str:
    """List-side cleaning: control characters become spaces, over-long names are cut.

    List files are not the user's input, so a stray tab in an official name must not fail an
    index build.
    """
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return text[: MAX_NAME_CHARS * 2]


def prepare(text: str) -> str:
    """Unicode-normalise and case-fold a name, dropping marks that carry no identity."""
    if text.isascii():
        return _APOSTROPHES.sub("", text.lower())
    text = _MARKS.sub("", unicodedata.normalize("NFKC", text).casefold())
    # Apostrophes join ("Jama'at", "O'Brien", Wade-Giles "Ch'ing"): dropped before anything
    # splits words on them.
    return _APOSTROPHES.sub("", text)


def script_of(char: str) -> str:
    """The script class of one character, as far as transliteration needs to know."""
    code = ord(char)
    if code < 0x250:
        return LATIN
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return HANGUL
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return HAN
    if 0x0400 <= code <= 0x052F:
        return CYRILLIC
    if 0x1E00 <= code <= 0x1EFF:  # Latin Extended Additional (Vietnamese)
        return LATIN
    return OTHER


def split_words(text: str) -> list[tuple[str, str]]:
    """Words of a prepared name as `(word, script)`, split again where the script changes."""
    words: list[tuple[str, str]] = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word.isascii():
            words.append((_APOSTROPHES.sub("", word), LATIN))
            continue
        start = 0
        current = script_of(word[0])
        for index in range(1, len(word)):
            char = word[index]
            script = current if char in "'’ʼʻ`´" else script_of(char)
            if script != current:
                words.append((word[start:index], current))
                start, current = index, script
        words.append((word[start:], current))
    return words


@lru_cache(maxsize=65536)
def fold_latin(word: str) -> tuple[str, ...]:
    """ASCII readings of a Latin-script word (one, or two where a letter is ambiguous)."""
    word = _APOSTROPHES.sub("", word)
    if word.isascii():
        return (word,) if word.isalnum() else (_NON_ALNUM.sub("", word),)
    first = second = word
    if any(c in _FOLD_ALTERNATIVES for c in word):
        first = "".join(_FOLD_ALTERNATIVES[c][0] if c in _FOLD_ALTERNATIVES else c for c in word)
        second = "".join(_FOLD_ALTERNATIVES[c][1] if c in _FOLD_ALTERNATIVES else c for c in word)
    readings = [ascii_token(first), ascii_token(second)]
    return tuple(dict.fromkeys(r for r in readings if r))


def ascii_token(text: str) -> str:
    """Generic transliteration to one lower-case alphanumeric ASCII token."""
    return _NON_ALNUM.sub("", str(anyascii(text)).lower())


# Phonetic key: consonant classes, vowels dropped. Merges the spellings that romanisation systems
# disagree on (Jong/Chong/Jeong, Kh/H, -ov/-off, Yevgeny/Evgeniy, ph/f, dzh/j/zh, Muhammad/Mohamed,
# Qaddafi/Gaddafi/Kadhafi) while keeping the consonant skeleton that identifies a name.
_KEY_PATTERN = re.compile(
    r"tsch|shch|sch|sh|dzh|dj|tch|zh|chr|ch|kh|gh|ph|th|dh|ck|ts|tz|ng|[a-z0-9]"
)
_KEY_CLASSES: dict[str, str] = {
    "tsch": "J",
    "shch": "X",
    "sch": "X",
    "sh": "X",
    "dzh": "J",
    "dj": "J",
    "tch": "J",
    "zh": "J",
    "chr": "KR",
    "ch": "J",
    "kh": "H",
    "gh": "K",
    "ph": "F",
    "th": "T",
    "dh": "T",
    "ck": "K",
    "ts": "S",
    "tz": "S",
    "ng": "N",
    "c": "K",
    "b": "P",
    "p": "P",
    "f": "F",
    "v": "F",
    "w": "F",
    "d": "T",
    "t": "T",
    "g": "K",
    "k": "K",
    "q": "K",
    "s": "S",
    "z": "S",
    "j": "J",
    "x": "KS",
    "l": "L",
    "r": "R",
    "m": "M",
    "n": "N",
    "h": "H",
}
# A "w" after a consonant is a glide (Kwon/Kon, Hwang): it is dropped before classing.
_GLIDE_W = re.compile(r"(?<=[bcdfghjklmnpqrstvxz])w")
# A final "h" is silent in most romanisations (Abdullah/Abdulla, Shah, Allah) unless it ends a
# digraph (Vladimirovich, Barakzai Sheikh).
_FINAL_H = re.compile(r"(?<=[a-z])(?<![cszktdgp])h$")


def _key_class(match: re.Match[str]) -> str:
    found = match.group(0)
    if found == "c":
        # "c" before e/i/y is soft (Cecilia, Ciro); elsewhere hard (Carlos).
        return "S" if match.string[match.end() : match.end() + 1] in ("e", "i", "y") else "K"
    return _KEY_CLASSES.get(found, "" if found in "aeiouy" else found)


@lru_cache(maxsize=262144)
def phonetic_key(token: str) -> str:
    """Consonant-class key of an ASCII token, with "A" for a leading vowel ("A" for "o" or "yi")."""
    if not token or token.isdigit():
        return token
    token = _FINAL_H.sub("", _GLIDE_W.sub("", token))
    # A leading vowel (or y, which reads as one: Yevgeny/Evgeniy, Yn/Un) is kept as "A", so
    # that Azamat does not share Smith's key.
    out: list[str] = ["A"] if token[0] in "aeiouy" else []
    previous = ""
    for match in _KEY_PATTERN.finditer(token):
        code = _key_class(match)
        # Doubled consonants collapse (Muhammad/Muhamad), but a vowel keeps two equal classes
        # apart (Potanin is P-T-N-N, not Putin's P-T-N).
        if code and code != previous and not (code == "A" and out):
            out.append(code)
        previous = code
    return "".join(out)


def key_consonants(key: str) -> int:
    """How many consonant classes a phonetic key holds (its leading-vowel mark excluded)."""
    return len(key) - 1 if key.startswith("A") else len(key)


# Vowel spellings that romanisation systems use for one vowel: ŏ/ŭ written eo/eu, ū written oo.
_VOWEL_DIGRAPHS = re.compile(r"eo|eu|oo|ou")
# Vowel classes: e and i (and y) are often one another in transliteration (Eisa/Isa, Sayed/
# Seyed, Mohamed/Mohamid), as are o and u (Omar/Umar, Chol/Chul); a stands apart.
_VOWEL_CLASSES = str.maketrans({"a": "a", "e": "i", "i": "i", "y": "i", "o": "o", "u": "o"})
_FIRST_VOWEL = re.compile(r"[aeiouy]")


@lru_cache(maxsize=65536)
def first_vowel(token: str) -> str:
    """The class of a word's first vowel, for telling short words apart: Hak is not Hyok and
    Jang is not Jong, but Umer is Umar and Eisa is Issa. A leading y is a glide (Yong, Yu)."""
    text = _VOWEL_DIGRAPHS.sub("o", token[1:] if token.startswith("y") else token)
    found = _FIRST_VOWEL.search(text)
    return found.group(0).translate(_VOWEL_CLASSES) if found else ""
