"""Spelling variants of listed names, derived by general rules (never from a list of names).

Each function takes a name (or a party) and a seeded `random.Random` and returns a new spelling
the same party could be screened under, or None when the rule does not apply. The rules: word
order and "LAST, First"; a dropped middle name or patronymic; Korean names in another
romanisation system or in Hangul; Russian names in Cyrillic (BGN/PCGN read backwards); one
typing error; diacritics; an equivalent legal form; a vessel prefix.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from sanctionwatch.evaluation.corpus import Party
from sanctionwatch.evaluation.resemblance import fold
from sanctionwatch.evaluation.tables import tables

_HANGUL_BASE = 0xAC00
_SYSTEMS = ("rr", "dprk", "mr", "pop")
_LETTERS = re.compile(r"^[A-Za-z]+$")
_VOWELS = frozenset("aeiouy")
_SPACES = re.compile(r"\s+")
_SLAVIC_ENDINGS = (
    "ov", "ova", "ev", "eva", "in", "ina", "sky", "skiy", "skaya", "ko", "enko", "uk", "yuk",
    "vich", "vna", "chna", "ich", "yn", "aya",
)  # fmt: skip

_PATRONYMIC_ENDINGS = ("vich", "vna", "ichna", "ogly", "oglu", "kyzy")

Syllable = tuple[int, int, int]  # indices of initial, vowel, final


# -- Korean -------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def parse_syllable(text: str) -> tuple[Syllable, ...]:
    """Every reading of one romanised Korean syllable as (initial, vowel, final) jamo indices."""
    korean = tables().korean
    found: list[Syllable] = []
    for i, initial in enumerate(korean.initials):
        for head in initial.read:
            if not text.startswith(head):
                continue
            rest = text[len(head) :]
            for v, vowel in enumerate(korean.vowels):
                for spelling in vowel.read:
                    if rest.startswith(spelling):
                        final = korean.finals.get(rest[len(spelling) :])
                        if final is not None:
                            found.append((i, v, final))
    return tuple(dict.fromkeys(found))


def hangul(syllable: Syllable) -> str:
    """The precomposed Hangul character of a syllable."""
    initial, vowel, final = syllable
    return chr(_HANGUL_BASE + (initial * 21 + vowel) * 28 + final)


def romanise(syllable: Syllable, system: str) -> str:
    """A syllable spelled by one system (rr, dprk, mr, pop)."""
    korean = tables().korean
    initial, vowel, final = syllable
    finals = {index: text for text, index in korean.finals.items()}
    head = getattr(korean.initials[initial], system)
    return str(head) + str(getattr(korean.vowels[vowel], system)) + finals[final]


def given_and_surname(party: Party) -> tuple[str, str] | None:
    """The party's given names and surname as the list splits them, when they make up its
    primary name (a list can give a first name of an alias)."""
    if party.first_name is None or party.last_name is None:
        return None
    if sorted(fold(f"{party.first_name} {party.last_name}")) != sorted(fold(party.name)):
        return None
    return party.first_name, party.last_name


def looks_korean(party: Party) -> bool:
    """A person of a North Korea programme whose every word reads as a Korean syllable."""
    programs = " ".join(party.programs).upper()
    if party.schema != "Person" or not any(p in programs for p in tables().korean_programs):
        return False
    surnames = tables().korean.surnames
    return all(parse_syllable(t) or t in surnames for t in fold(party.name))


def korean_name(party: Party) -> tuple[str, list[str]] | None:
    """(surname, given-name syllables) of a party whose name reads as a romanised Korean one.

    Only parties of North Korea programmes, with a surname the tables know, and given names of
    one to three syllables each written apart ("Jong Un", "Jong-un") qualify.
    """
    programs = " ".join(party.programs).upper()
    if party.schema != "Person" or not any(p in programs for p in tables().korean_programs):
        return None
    surnames = tables().korean.surnames
    split = given_and_surname(party)
    if split is not None:
        surname_tokens, given = fold(split[1]), list(fold(split[0]))
    else:
        # Without a lastName the surname comes first by convention (UN), but some lists put it
        # last: a name that also ends in a surname ("MYONG GUK JON") is ambiguous, left out.
        tokens = fold(party.name)
        surname_tokens, given = tokens[:1], list(tokens[1:])
        if not given or given[-1] in surnames:
            return None
    if len(surname_tokens) != 1 or not 1 <= len(given) <= 3:
        return None
    surname = surname_tokens[0]
    if surname not in surnames:
        return None
    if not all(parse_syllable(s) for s in given):
        return None
    return surname, given


def _given_style(parts: list[str], rng: random.Random) -> str:
    if len(parts) == 1:
        return parts[0].capitalize()
    style = rng.choice(("space", "hyphen", "hyphen", "joined"))
    if style == "space":
        return " ".join(p.capitalize() for p in parts)
    if style == "hyphen":
        return parts[0].capitalize() + "-" + "-".join(parts[1:])
    return "".join(parts).capitalize()


def korean_romanisation(party: Party, rng: random.Random) -> str | None:
    """The name in another romanisation system: KIM Jong Un → Gim Jeong-eun, Kim Chong-un."""
    found = korean_name(party)
    if found is None:
        return None
    surname, given = found
    original = fold(party.name)
    for system in rng.sample(_SYSTEMS, len(_SYSTEMS)):
        spellings = tables().korean.surnames[surname][1]
        family = rng.choice([s for s in spellings if s != surname] or list(spellings))
        parts = [romanise(rng.choice(parse_syllable(s)), system) for s in given]
        text = f"{family.capitalize()} {_given_style(parts, rng)}"
        if rng.random() < 0.3:
            text = f"{family.upper()}, {_given_style(parts, rng)}"
        if sorted(fold(text)) != sorted(original):
            return text
    return None


def korean_hangul(party: Party, rng: random.Random) -> str | None:
    """The name in Hangul, read back syllable by syllable: KIM JONG UN → 김정은 or 김 정은."""
    found = korean_name(party)
    if found is None:
        return None
    surname, given = found
    family = tables().korean.surnames[surname][0]
    syllables = "".join(hangul(rng.choice(parse_syllable(s))) for s in given)
    return f"{family}{syllables}" if rng.random() < 0.7 else f"{family} {syllables}"


# -- Cyrillic -----------------------------------------------------------------------------------


def _cyrillic_word(word: str) -> str:
    out: list[str] = []
    index = 0
    table = tables().cyrillic
    while index < len(word):
        rest = word[index:]
        previous = word[index - 1] if index > 0 else ""
        if rest in ("iy", "yy"):
            out.append("ий" if rest == "iy" else "ый")
            break
        if rest == "y" and previous and previous not in _VOWELS:
            out.append("ий")  # Dmitry, Zelensky: -ий written -y
            break
        if rest[0] == "y" and previous in _VOWELS and rest[:2] not in ("ya", "yu", "yo", "ye"):
            out.append("й")
            index += 1
            continue
        if rest == "i" and previous in _VOWELS:
            out.append("й")  # Nikolai, Andrei
            break
        if rest[0] == "e" and index == 0:
            out.append("э")
            index += 1
            continue
        if rest[0] == "y" and rest[:2] not in ("ya", "yu", "yo", "ye"):
            out.append("ы")
            index += 1
            continue
        for latin, cyrillic in table:
            if rest.startswith(latin):
                out.append(cyrillic)
                index += len(latin)
                break
        else:
            index += 1
    return "".join(out)


def is_slavic(party: Party) -> bool:
    """Whether a party is a person of a Russian/Belarusian/Ukrainian programme with a name
    that reads as Slavic (a surname or patronymic ending the way Slavic ones do)."""
    programs = " ".join(party.programs).upper()
    if party.schema != "Person" or not any(p in programs for p in tables().cyrillic_programs):
        return False
    tokens = fold(party.name)
    return 2 <= len(tokens) <= 4 and any(t.endswith(_SLAVIC_ENDINGS) for t in tokens)


def cyrillic(party: Party, rng: random.Random) -> str | None:
    """The name in Cyrillic by the BGN/PCGN table read backwards: Yevgeniy → Евгений."""
    if not is_slavic(party):
        return None
    words = _SPACES.split(party.name.strip())
    if not all(_LETTERS.match(w.replace("-", "")) for w in words):
        return None
    out = [
        "-".join(_cyrillic_word(part.lower()).capitalize() for part in w.split("-")) for w in words
    ]
    text = " ".join(out)
    return text.upper() if rng.random() < 0.2 else text


# -- Latin-script edits -------------------------------------------------------------------------


def _words(name: str) -> list[str]:
    return [w for w in _SPACES.split(name.replace(",", " ").strip()) if w]


def word_order(party: Party, rng: random.Random) -> str | None:
    """The name in the other common order: "Vladimir Vladimirovich PUTIN" → "PUTIN Vladimir
    Vladimirovich" (OFAC's surname first), "KIM JONG UN" → "JONG UN KIM" (a Korean surname
    last), the UN's "AIMAN ... AL-ZAWAHIRI" → "AL-ZAWAHIRI AIMAN ...", the UK's "KURBANOV Rizvan
    Daniyalovich" → "Rizvan Daniyalovich KURBANOV"."""
    del rng  # the order follows from the list's convention
    words = _words(party.name)
    if len(words) < 2:
        return None
    split = given_and_surname(party)
    if split is not None:
        return f"{split[1]} {split[0]}"
    korean = korean_name(party)
    capitals = [w.isupper() for w in words]
    if korean is not None:
        surname_first = fold(party.name)[0] == korean[0]
    elif looks_korean(party):
        return None  # a Korean name whose surname could be first or last
    elif sum(capitals) == 1 and capitals[0] != capitals[-1]:
        surname_first = capitals[0]  # the one word in capitals is the surname: "PUTIN Vladimir"
    else:
        # UN, OFAC and EU names end with the family name; the UK's start with it.
        surname_first = party.family == "uk"
    if surname_first:
        return " ".join([*words[1:], words[0]])
    return " ".join([words[-1], *words[:-1]])


def surname_comma(party: Party, rng: random.Random) -> str | None:
    """ "LAST, First Middle" where the surname is known (OFAC's lastName, Korean names)."""
    del rng  # one form only
    split = given_and_surname(party)
    if split is not None:
        return f"{split[1].upper()}, {split[0]}"
    if korean_name(party) is not None:
        words = _words(party.name)
        return f"{words[0]}, {' '.join(words[1:])}"
    return None


def drop_middle(party: Party, rng: random.Random) -> str | None:
    """A middle name or patronymic left out: "Natalya Ivanovna KHORSHEVA" → "Natalya KHORSHEVA".

    Only where the list says which words are middle ones: OFAC's given names after the first,
    the UN's inner names (father's and grandfather's names in Arabic naming), and patronymics
    by their ending. A word bound to the one before ("ABD EL HALIM") stays, and so do the
    syllables of Korean and other East Asian given names ("Song Chol" is one given name).
    """
    words = _words(party.name)
    if party.schema != "Person" or len(words) < 3 or looks_korean(party):
        return None
    bound = tables().bound_prefixes
    split = given_and_surname(party)
    if split is not None:
        given = _words(split[0])
        middle = [
            i
            for i in range(1, len(given))
            if given[i - 1].lower() not in bound and len(given[i]) >= 4
        ]
        if not middle:
            return None
        drop = rng.choice(middle)
        kept = [w for i, w in enumerate(given) if i != drop]
        return " ".join([*kept, split[1]])
    inner = party.family in ("un", "ofac")
    candidates = range(1, len(words) - 1) if inner else range(len(words))
    middle = [
        i
        for i in candidates
        if words[i].lower() not in bound
        and (i == 0 or words[i - 1].lower() not in bound)
        and len(words[i]) >= 4
        and (inner or words[i].lower().endswith(_PATRONYMIC_ENDINGS))
    ]
    if not middle:
        return None
    drop = rng.choice(middle)
    return " ".join(w for i, w in enumerate(words) if i != drop)


def typo(name: str, rng: random.Random) -> str | None:
    """One typing error in a long word: a letter dropped, doubled, swapped or mistyped."""
    words = _words(name)
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha() and w.isascii()]
    if not long:
        return None
    index = rng.choice(long)
    word = words[index]
    at = rng.randrange(1, len(word) - 1)
    operation = rng.choice(("drop", "double", "swap", "key"))
    if operation == "drop":
        new = word[:at] + word[at + 1 :]
    elif operation == "double":
        new = word[:at] + word[at] + word[at:]
    elif operation == "swap":
        new = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    else:
        neighbours = tables().keyboard.get(word[at].lower(), "")
        if not neighbours:
            return None
        key = rng.choice(neighbours)
        new = word[:at] + (key.upper() if word[at].isupper() else key) + word[at + 1 :]
    if new == word:
        return None
    words[index] = new
    return " ".join(words)


def diacritics(name: str, rng: random.Random) -> str | None:
    """Accents on one or two letters, as Turkish, Spanish or Czech spellings put them."""
    marks = tables().diacritics
    words = _words(name)
    places = [
        (i, j)
        for i, w in enumerate(words)
        if len(w) >= 4 and w.isascii()
        for j, c in enumerate(w)
        if c.lower() in marks
    ]
    if not places:
        return None
    for i, j in rng.sample(places, min(len(places), rng.choice((1, 2)))):
        word = words[i]
        char = rng.choice(marks[word[j].lower()])
        words[i] = word[:j] + (char.upper() if word[j].isupper() else char) + word[j + 1 :]
    return " ".join(words)


def legal_form(name: str, rng: random.Random) -> str | None:
    """An equivalent legal form, maybe at the other end: "ROMASHKA, OOO" → "LLC ROMASHKA"."""
    tokens = list(fold(name))
    forms = sorted(
        (
            (tuple(member.split()), group)
            for group in tables().legal_form_groups
            for member in group
        ),
        key=lambda item: -len(item[0]),
    )
    for form, group in forms:
        size = len(form)
        if len(tokens) <= size:
            continue
        if tuple(tokens[-size:]) == form:
            core = tokens[:-size]
        elif tuple(tokens[:size]) == form:
            core = tokens[size:]
        else:
            continue
        others = [m for m in group if tuple(m.split()) != form]
        if not others:
            return None
        new = rng.choice(others).upper()
        body = " ".join(core).upper()
        return f"{new} {body}" if rng.random() < 0.5 else f"{body} {new}"
    return None


def vessel_prefix(name: str, rng: random.Random) -> str | None:
    """A ship's name with the prefix registers and reports put before it ("MV", "M/T")."""
    if not name.strip():
        return None
    return f"{rng.choice(('MV', 'M/V', 'MT', 'M/T'))} {name.strip()}"


def case_style(text: str, rng: random.Random) -> str:
    """The text as users type it: upper case, title case or as listed."""
    choice = rng.random()
    if choice < 0.3:
        return text.upper()
    if choice < 0.6:
        return text.title()
    return text
