"""Analysed names: a name's slots with their readings, phonetic keys and token kinds.

Both sides of a comparison go through `analyze`: the list's names when the index is built, the
query's names when it is screened. A slot's *kind* (patronymic, legal form, particle, ...) later
sets how much it weighs; the lexicon says which words have which kind.
"""

from __future__ import annotations

import re
from enum import IntEnum
from functools import lru_cache

from followthemoney.types import registry
from rapidfuzz.distance import OSA
from rigour.names.org_types import replace_org_types_compare

from sanctionwatch.screening import korean
from sanctionwatch.screening.chinese import latin_readings
from sanctionwatch.screening.lexicon import lexicon
from sanctionwatch.screening.normalize import ascii_token, phonetic_key, prepare
from sanctionwatch.screening.translit import VIA_FOLDING, read_name


class Category(IntEnum):
    """What a name names, which decides the word lists that apply."""

    PERSON = 1
    ORG = 2
    OBJECT = 3  # vessels and aircraft
    ANY = 4  # Thing / LegalEntity: person or organisation


class Kind(IntEnum):
    """The role of a slot in a name."""

    NORMAL = 0
    PATRONYMIC = 1
    PARTICLE = 2
    LEGAL = 3
    GENERIC = 4
    INITIAL = 5
    NUMBER = 6
    PLACE = 7  # a country in an organisation's name: describes it, yet tells branches apart


# Words skipped when deriving an acronym from an organisation's name ("Bank of Korea" → BK).
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "du", "des", "y", "et", "und", "la"})
# "Abd al-Rahman" / "Abdul Rahman" / "Abdel Rahman": the Arabic article after "abd" is written
# apart or joined; it is joined before matching.
_ABD_ARTICLES = frozenset({"al", "el", "ul", "ol", "ar", "ur", "er", "as", "ad", "an", "ash"})


_DOTTED = re.compile(r"\b(?:\w\.){2,}")
_WORDS = re.compile(r"\w+")


class Slot:
    """One word (or syllable) of a name: its readings, their phonetic keys and its kind.

    `guessed_vowels` marks readings of a script that writes few vowels (Arabic): their vowels
    are supplied by rule, so they are not evidence against another spelling.
    """

    __slots__ = ("forms", "guessed_vowels", "keys", "kind")

    def __init__(self, forms: tuple[str, ...], kind: Kind, guessed_vowels: bool = False) -> None:
        self.forms = forms
        self.keys = tuple(dict.fromkeys(k for k in map(phonetic_key, forms) if k))
        self.kind = kind
        self.guessed_vowels = guessed_vowels

    @property
    def primary(self) -> str:
        """The first reading, used to show the slot."""
        return self.forms[0]

    def __repr__(self) -> str:
        return f"Slot({'|'.join(self.forms)}, {self.kind.name})"


class Name:
    """A name as written, and its analysed slots."""

    __slots__ = ("category", "slots", "surnames", "text", "via")

    def __init__(
        self,
        text: str,
        slots: tuple[Slot, ...],
        via: frozenset[str],
        category: Category,
        surnames: frozenset[int] = frozenset(),
    ) -> None:
        self.text = text
        self.slots = slots
        self.via = via
        self.category = category
        self.surnames = surnames  # positions of slots known to hold the family name

    def __repr__(self) -> str:
        return f"Name({self.text!r}, {list(self.slots)!r})"


@lru_cache(maxsize=1 << 20)
def make_slot(forms: tuple[str, ...], kind: Kind, guessed_vowels: bool = False) -> Slot:
    """One shared `Slot` per (readings, kind): the same words recur across thousands of names,
    and shared slots let similarity caches key on identity."""
    return Slot(forms, kind, guessed_vowels)


@lru_cache(maxsize=65536)
def _is_country(form: str) -> bool:
    """Whether a word names a country ("korea", "iran", "russian"); codes and short words
    ("al", "ru") are left out: they are name particles and initials too."""
    return len(form) >= 4 and registry.country.clean(form) is not None


@lru_cache(maxsize=1)
def _long_legal_forms() -> tuple[str, ...]:
    return tuple(sorted(f for f in lexicon().legal_forms if len(f) >= 6))


@lru_cache(maxsize=65536)
def _mistyped_legal_form(form: str) -> bool:
    """Whether a word is one typing error away from a long legal form ("LIMTIED", "COMPNAY"):
    it then weighs as the legal form, instead of as a rare word matching nothing."""
    if len(form) < 6:
        return False
    return any(OSA.distance(form, legal, score_cutoff=1) <= 1 for legal in _long_legal_forms())


# Least similarity of a near spelling of a legal-form word with the same phonetic key
# (OBSHESTVO / OBSHCHESTVO, AKCIONERNOE / AKTSIONERNOE); one typing error always counts.
_LEGAL_SPELLING_SIMILARITY = 0.7
_LEGAL_SPELLING_MIN = 5


@lru_cache(maxsize=1)
def _legal_words_by_length() -> dict[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = {}
    for word in lexicon().legal_form_words:
        by_length.setdefault(len(word), []).append(word)
    return {size: tuple(sorted(words)) for size, words in by_length.items()}


@lru_cache(maxsize=65536)
def legal_form_spelling(word: str) -> str | None:
    """The legal-form word (`legal_form_words`) that `word` is a near spelling of: one typing
    error away ("LIMIITED", "CMPANY"), or another transliteration with the same phonetic key
    ("OBSCHESTVO", "AKCIONERNOE"), accents aside ("LIÄBÍLITY"); None if it is none."""
    folded = ascii_token(word)
    if len(folded) < _LEGAL_SPELLING_MIN:
        return None
    words = lexicon().legal_form_words
    if folded in words:
        return folded if folded != word else None
    key: str | None = None  # computed only for a word similar enough to a legal one
    by_length = _legal_words_by_length()
    for size in range(len(folded) - 2, len(folded) + 3):
        for legal in by_length.get(size, ()):
            if len(legal) >= 6 and OSA.distance(folded, legal, score_cutoff=1) <= 1:
                return legal
            similar = OSA.normalized_similarity(
                folded, legal, score_cutoff=_LEGAL_SPELLING_SIMILARITY
            )
            if similar:
                if key is None:
                    key = phonetic_key(folded)
                if _legal_key(legal) == key:
                    return legal
    return None


@lru_cache(maxsize=256)
def _legal_key(word: str) -> str:
    return phonetic_key(word)


_LEGAL_WORD = re.compile(r"[^\W\d_]{5,}")


def _replace_org_types(prepared: str) -> str:
    """rigour's generic legal forms ("OOO", "Limited Liability Company" → "llc"), after
    reading near spellings of legal-form words as those words, when that lets rigour
    recognise more of the name as a legal form."""
    plain = replace_org_types_compare(prepared, generic=True)
    respelled = _LEGAL_WORD.sub(lambda m: legal_form_spelling(m.group(0)) or m.group(0), prepared)
    if respelled == prepared:
        return plain
    replaced = replace_org_types_compare(respelled, generic=True)
    return replaced if len(replaced.split()) < len(plain.split()) else plain


def _kind(form: str, category: Category, position: int, count: int) -> Kind:
    lex = lexicon()
    if form.isdigit():
        return Kind.NUMBER
    if len(form) == 1:
        return Kind.INITIAL
    if category != Category.PERSON:
        if form in lex.legal_forms or _mistyped_legal_form(form):
            return Kind.LEGAL
        if form in lex.legal_form_words or legal_form_spelling(form) is not None:
            # A word of a legal form left over ("LIABILITY CORPORATION", "PROPRIETARY").
            return Kind.LEGAL
        if form in lex.generic_words:
            return Kind.GENERIC
        if category == Category.ORG and _is_country(form):
            # "KOREA ... TRADING CORPORATION", "IRAN ... COMPANY": a country in an
            # organisation's name describes it like a generic word does.
            return Kind.PLACE
    if form in lex.particles:
        return Kind.PARTICLE
    if category in (Category.PERSON, Category.ANY) and form in lex.honorifics:
        # Leading honorifics are dropped; one elsewhere ("KHOTWAL, Haji") weighs as little.
        return Kind.PARTICLE
    if (
        category in (Category.PERSON, Category.ANY)
        and position > 0
        and count > 2
        and form.endswith(lex.patronymic_suffixes)
    ):
        return Kind.PATRONYMIC
    return Kind.NORMAL


# Consonants that the Arabic article assimilates ("sun letters"), as they begin a Latin reading.
_SUN_LETTERS = ("sh", "th", "dh", "t", "d", "r", "z", "s", "l", "n")


def _abd_forms(article: str, name: tuple[str, ...]) -> tuple[str, ...]:
    """Readings of "Abd" with its article, as one word: "abdal", "abdul", and before a sun
    letter the assimilated "abdur", "abdar", "abder" (Abd ar-Rahman is Abdur Rehman)."""
    forms = ["abd" + article, "abdul"]
    head = next((c for c in _SUN_LETTERS if name and name[0].startswith(c)), None)
    if head is not None:
        forms += [f"abd{vowel}{head}" for vowel in ("u", "a", "e")]
    return tuple(dict.fromkeys(forms))


def _merge_abd(
    raw: list[tuple[str, ...]], flags: list[bool]
) -> tuple[list[tuple[str, ...]], list[bool]]:
    merged: list[tuple[str, ...]] = []
    merged_flags: list[bool] = []
    skip = False
    for index, forms in enumerate(raw):
        if skip:
            skip = False
            continue
        following = raw[index + 1] if index + 1 < len(raw) else None
        if forms[0] == "abd" and following is not None and following[0] in _ABD_ARTICLES:
            merged.append(_abd_forms(following[0], raw[index + 2] if index + 2 < len(raw) else ()))
            skip = True
        else:
            merged.append(forms)
        merged_flags.append(flags[index])
    return merged, merged_flags


@lru_cache(maxsize=32768)
def analyze(text: str, category: Category) -> Name:
    """Analyse a name: transliterate, fold, drop leading honorifics, classify the slots."""
    lex = lexicon()
    prepared = prepare(text)
    if category != Category.PERSON and _DOTTED.search(prepared):
        # "D.E.S. International" is DES, but "V.V. Putin" keeps its initials.
        words = set(_WORDS.findall(prepared))
        if category != Category.ANY or words & (lex.legal_forms | lex.generic_words):
            prepared = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), prepared)
    if category == Category.ORG:
        # Legal forms in any language become one generic form ("OOO", "Limited Liability
        # Company", "ТОВ" → "llc"), so that they match each other and weigh little.
        prepared = _replace_org_types(prepared)
    raw, via, surnames, guessed = read_name(prepared)
    if category in (Category.PERSON, Category.ANY) and not via - {VIA_FOLDING}:
        split = korean.split_joined([forms[0] for forms in raw])
        if split is not None:
            raw, guessed = [(token,) for token in split], frozenset()
        # A romanised Chinese name gets the other system's readings (Hsi ↔ Xi).
        extra = latin_readings([forms[0] for forms in raw])
        if extra is not None:
            raw = [forms + more for forms, more in zip(raw, extra, strict=True)]
        # A romanised Korean name gets the readings of the other conventions (Jeong ↔ Jong).
        korean_extra = korean.latin_readings([forms[0] for forms in raw])
        if korean_extra is not None:
            raw = [
                forms + tuple(m for m in more if m not in forms)
                for forms, more in zip(raw, korean_extra, strict=True)
            ]
    flags = [position in guessed for position in range(len(raw))]
    if category in (Category.PERSON, Category.ANY):
        while len(raw) > 1 and raw[0][0] in lex.honorifics and not surnames:
            raw, flags = raw[1:], flags[1:]
    if any(forms[0] == "abd" for forms in raw) and not surnames:
        raw, flags = _merge_abd(raw, flags)
    slots: list[Slot] = []
    for position, readings in enumerate(raw):
        forms = readings
        expansion = lex.abbreviations.get(readings[0])
        if expansion is not None and expansion not in readings:
            forms = (*readings, expansion)
        kind = _kind(forms[0], category, position, len(raw))
        slots.append(make_slot(forms, kind, flags[position]))
    return Name(text, tuple(slots), via, category, surnames)


@lru_cache(maxsize=1)
def _korean_surname_readings() -> frozenset[str]:
    return frozenset(r for readings in lexicon().korean.surnames.values() for r in readings)


def with_listed_surname(name: Name) -> Name:
    """A listed person's name with its family name marked, where the lists' convention says
    where it is: Korean names in Latin script are written surname first by the UN and the DPRK
    ("MIN BYONG CHOL"). Other names are returned unchanged."""
    slots = name.slots
    if name.surnames or not 2 <= len(slots) <= 4 or name.category != Category.PERSON:
        return name
    if any(s.kind != Kind.NORMAL or len(s.primary) > 5 for s in slots):
        return name
    if slots[0].primary not in _korean_surname_readings():
        return name
    return Name(name.text, slots, name.via, name.category, frozenset({0}))


def is_org_like(name: Name) -> bool:
    """Whether a name reads as an organisation's or an object's (so short tokens and acronyms
    are distinctive): by its category, or for a person-or-organisation name, by a legal form or
    generic word, or by being a single word ("FDLR")."""
    if name.category in (Category.ORG, Category.OBJECT):
        return True
    if name.category == Category.ANY:
        return len(name.slots) == 1 or any(s.kind in (Kind.LEGAL, Kind.GENERIC) for s in name.slots)
    return False


def acronyms(name: Name) -> list[str]:
    """Acronyms of an organisation's name: initials with and without its legal form.

    "Korea Kwangson Banking Corporation" → "kkbc", "kkb". Only names of three or more words give
    one: shorter acronyms match too much by chance.
    """
    words = [s for s in name.slots if s.primary not in _ACRONYM_SKIP and s.kind != Kind.NUMBER]
    if len(words) < 3:
        return []
    full = "".join(s.primary[0] for s in words)
    core = "".join(s.primary[0] for s in words if s.kind != Kind.LEGAL)
    return [a for a in dict.fromkeys((full, core)) if len(a) >= 3]
