"""Language identification without models: writing system first, then stop-word profiles.

The NLP stages analyse English; everything else is stored with its language and skipped, so
the question here is mostly "English or not, and if not, what". A text's script settles it
for Korean, Chinese, Greek, Hebrew, Thai and others; for Latin, Cyrillic and Arabic script the
language whose frequent function words cover most tokens wins. News paragraphs of a few dozen
words carry plenty of them (English runs at 40-50% stop words). The profiles are data
(`data/languages.yml`); nothing is downloaded and no dependency is needed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")  # word tokens without digits: scores and tables are not words
_KANA = ("HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA")
# Below this many letters a guess is noise (a title, a caption, a byline).
MIN_LETTERS = 20
# A winner needs this many stop-word hits, this share of all word tokens, and more hits than
# the runner-up: a text in a language without a profile (Swahili, Tagalog, ...) hits a few
# short words by chance, but rarely 5%; English news runs at 40-50%, recipe lists at 6%.
MIN_HITS = 3
MIN_SHARE = 0.05
# Up to this many characters are read: more does not change the answer, only the time.
SAMPLE_CHARS = 20_000

Script = Literal["LATIN", "CYRILLIC", "ARABIC"]


class Profile(BaseModel):
    """The stop words of one language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    script: Script
    words: str = Field(min_length=1)

    @field_validator("words")
    @classmethod
    def _lower_unique(cls, words: str) -> str:
        tokens = words.split()
        if any(token != token.lower() or not _WORD.fullmatch(token) for token in tokens):
            raise ValueError("stop words must be lower case single \\w+ tokens")
        repeated = sorted({token for token in tokens if tokens.count(token) > 1})
        if repeated:
            raise ValueError(f"stop words repeated: {' '.join(repeated)}")
        return words


class ProfileFile(BaseModel):
    """The whole profile file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    scripts: dict[str, str]
    stopwords: dict[str, Profile]

    @field_validator("scripts")
    @classmethod
    def _script_languages(cls, scripts: dict[str, str]) -> dict[str, str]:
        _check_codes(scripts.values())
        return scripts

    @field_validator("stopwords")
    @classmethod
    def _profile_languages(cls, stopwords: dict[str, Profile]) -> dict[str, Profile]:
        _check_codes(stopwords)
        return stopwords


def _check_codes(codes: Iterable[str]) -> None:
    for code in codes:
        if not re.fullmatch(r"[a-z]{2}", code):
            raise ValueError(f"{code!r} is not an ISO 639-1 code")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The identified language (ISO 639-1) or None, with how sure and why."""

    code: str | None
    confidence: float  # 0..1: margin of the winner over the runner-up (1.0 for a script rule)
    method: str  # "script", "stopwords" or the reason there is no answer


class LanguageIdentifier:
    """Identifies the language of a text; `default()` loads the packaged profiles."""

    def __init__(self, spec: ProfileFile) -> None:
        self.scripts = dict(spec.scripts)
        self.profiles: dict[str, dict[str, frozenset[str]]] = {}
        for code, profile in spec.stopwords.items():
            self.profiles.setdefault(profile.script, {})[code] = frozenset(profile.words.split())

    @classmethod
    def default(cls) -> LanguageIdentifier:
        """The identifier of `data/languages.yml` (parsed once per process)."""
        return _default_identifier()

    def identify(self, text: str) -> LanguageGuess:
        """The language of `text`."""
        sample = text[:SAMPLE_CHARS]
        scripts = Counter(_script(char) for char in sample if char.isalpha())
        letters = sum(scripts.values())
        if letters < MIN_LETTERS:
            return LanguageGuess(None, 0.0, "too little text")
        kana = sum(scripts[name] for name in _KANA)
        if kana and kana >= 0.1 * (kana + scripts["CJK"]):
            return LanguageGuess("ja", 1.0, "script")
        for name in _KANA:
            scripts.pop(name, None)  # kana alone (too few) count as CJK text below
        script, _count = scripts.most_common(1)[0]
        if script in self.scripts:
            return LanguageGuess(self.scripts[script], 1.0, "script")
        candidates = self.profiles.get(script)
        if candidates is None:
            return LanguageGuess(None, 0.0, f"no profile for {script.lower()} script")
        return _by_stopwords(_LETTERS.findall(sample.lower()), candidates)


def _by_stopwords(tokens: list[str], candidates: dict[str, frozenset[str]]) -> LanguageGuess:
    hits = Counter(tokens)
    scores = sorted(
        (
            (sum(n for word, n in hits.items() if word in words), code)
            for code, words in candidates.items()
        ),
        reverse=True,
    )
    (best, code), (second, _) = scores[0], scores[1] if len(scores) > 1 else (0, "")
    if best < MIN_HITS or best < MIN_SHARE * len(tokens):
        return LanguageGuess(None, 0.0, "no known language's stop words")
    if best == second:
        return LanguageGuess(None, 0.0, "stop words of two languages tie")
    return LanguageGuess(code, round((best - second) / best, 3), "stopwords")


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter: the first word of its Unicode name ("LATIN", "CYRILLIC")."""
    if char < "\u0250":
        return "LATIN"  # ASCII and Latin-1/Extended-A/B: the common case, no name lookup
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first in ("FULLWIDTH", "HALFWIDTH"):
        return "CJK" if "IDEOGRAPH" in name else name.split(" ", 2)[1]
    return first or "UNKNOWN"


@functools.cache
def _default_identifier() -> LanguageIdentifier:
    # Cached rather than a module global: parsed on first use, read-only afterwards.
    text = resources.files("sanctionwatch.ingest").joinpath("data/languages.yml").read_text()
    return LanguageIdentifier(ProfileFile.model_validate(yaml.safe_load(text)))


def identify_language(text: str) -> LanguageGuess:
    """The language of `text`, with the packaged profiles."""
    return LanguageIdentifier.default().identify(text)
