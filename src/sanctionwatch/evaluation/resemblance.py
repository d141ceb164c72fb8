"""How two names resemble each other by the dev-set builder's own plain measure.

The builder must not judge names with the engine it evaluates. It decides which alias pairs are
*renderings of one name* (kept as positives) and which pairs of different parties are *clearly
different names* (kept as hard negatives) with a deliberately simple rule on ASCII-folded
tokens: rapidfuzz's `fuzz.ratio` (an edit-distance similarity in 0..100) between single tokens.

- A token has a *counterpart* in another name when some token there is at least
  `COUNTERPART` similar (or two adjacent tokens written together are: "ADINEHVAND").
- A *variant* pair: every distinctive token of the shorter name has a counterpart in the other,
  and the shorter name keeps at least half of the longer one's words (for persons, two or
  more): a given name alone ("JULITO") is a nickname, not a rendering of "Julio Cesar LOPEZ
  PENA", and "BRANCH 215" a short form, not a rendering, of "SYRIAN MILITARY INTELLIGENCE
  BRANCH 215 - RAIDS".
- A *clear negative* pair: they share a counterpart, and each side has a distinctive token
  less than `DIFFERENT` similar to every token of the other side.

Pairs in between (a "Pavel"/"Pavlo"-like difference) are ambiguous and left out of both.

A name in another script is a rendering of a Latin one when their consonant skeletons (anyascii,
vowels and doubled letters dropped) are at least `SKELETON` similar: "زكريا الصبار" (zkr lsbr)
renders "ZAKARYA ESSABAR" (zkr sbr); "أبو شيماء" (b shm), a kunya, does not render "MUSTAFA
HAJJI MUHAMMAD KHAN".
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from sanctionwatch.evaluation.tables import tables

COUNTERPART = 70.0
DIFFERENT = 60.0
SKELETON = 50.0
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SKELETON_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLED = re.compile(r"(.)\1+")
_SPLIT = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’ʼʻ`´‘]")


@lru_cache(maxsize=200_000)
def fold(text: str) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a name (any script, via anyascii)."""
    ascii_text = _APOSTROPHES.sub("", str(anyascii(text)).lower())
    return tuple(t for t in _SPLIT.split(ascii_text) if t)


@lru_cache(maxsize=200_000)
def distinctive(text: str) -> tuple[str, ...]:
    """The tokens that identify: no legal forms, generic or function words, single letters."""
    stop = tables().stop_words
    return tuple(t for t in fold(text) if t not in stop and (len(t) > 1 or t.isdigit()))


def best_ratio(token: str, others: tuple[str, ...]) -> float:
    """How similar `token` is to its best counterpart among `others` (0..100)."""
    best = 0.0
    for index, other in enumerate(others):
        if other == token:
            return 100.0
        if token.isdigit() or other.isdigit():
            continue
        best = max(best, fuzz.ratio(token, other))
        if index + 1 < len(others):
            best = max(best, fuzz.ratio(token, other + others[index + 1]))
    return best


def _covered(shorter: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    return all(best_ratio(t, longer) >= COUNTERPART for t in shorter)


def is_variant(a: str, b: str, *, person: bool = False) -> bool:
    """Whether two names read as renderings of one name (see the module docstring)."""
    da, db = distinctive(a), distinctive(b)
    if not da or not db:
        return False
    shorter, longer = (da, db) if len(da) <= len(db) else (db, da)
    if 2 * len(shorter) < len(longer):
        return False
    if person and len(longer) >= 2 and len(shorter) < 2:
        return False
    return _covered(shorter, longer)


def is_clear_negative(a: str, b: str) -> bool:
    """Whether two names share a token yet each has a token the other clearly lacks."""
    da, db = distinctive(a), distinctive(b)
    if not da or not db:
        return False
    if not any(best_ratio(t, db) >= COUNTERPART for t in da):
        return False
    a_extra = any(best_ratio(t, db) < DIFFERENT for t in da)
    b_extra = any(best_ratio(t, da) < DIFFERENT for t in db)
    return a_extra and b_extra


def shared(a: str, b: str) -> tuple[str, ...]:
    """Distinctive tokens of `a` with a counterpart in `b`."""
    db = distinctive(b)
    return tuple(t for t in distinctive(a) if best_ratio(t, db) >= COUNTERPART)


def is_acronym(short: str, long: str) -> bool:
    """Whether `short` is one word made of the initials of `long`'s words ("KOMID")."""
    tokens = fold(short)
    if len(tokens) != 1 or not 3 <= len(tokens[0]) <= 8 or not tokens[0].isalpha():
        return False
    words = [t for t in fold(long) if t not in tables().function_words]
    if len(words) < 3:
        return False
    initials = "".join(w[0] for w in words)
    core = "".join(w[0] for w in words if w not in tables().legal_words)
    return tokens[0] in (initials, core)


_WORDS = re.compile(r"[^\W_]+")


def plain(text: str) -> tuple[str, ...]:
    """Case-folded words of a name in its own script (accents and letters kept)."""
    return tuple(_WORDS.findall(text.casefold()))


def trivially_equal(a: str, b: str) -> bool:
    """Equal but for letter case and punctuation, in the same order: tests nothing."""
    return plain(a) == plain(b)


def skeleton(text: str) -> str:
    """Consonant skeleton of a name in any script: "Muhammad Ali" → "mhmd l"."""
    ascii_text = _NOT_LETTERS.sub("", str(anyascii(text)).lower())
    words: list[str] = []
    for word in ascii_text.split():
        head = "" if word[0] in "aeiouyw" else word[0]
        stripped = _DOUBLED.sub(r"\1", head + _SKELETON_VOWELS.sub("", word[1:]))
        if stripped:
            words.append(stripped)
    return " ".join(words)


def is_script_variant(other_script: str, latin: str) -> bool:
    """Whether a name in another script renders a Latin one (see the module docstring)."""
    a, b = skeleton(other_script), skeleton(latin)
    if not a or not b:
        return False
    joined = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))
    return max(fuzz.token_sort_ratio(a, b), joined) >= SKELETON
