"""Boilerplate lines that scraped pages carry into the main text, and the filter that drops them.

trafilatura removes most page furniture, but real pages still leak lines into the story: ad
labels ("Advertisement", "Sponsored"), "Read more: ..." links, share bars, newsletter and
comment prompts, cookie banners, breadcrumbs, and the byline of another article ("Maria Jensen
7:42 AM | January 5, 2024"). Plain-text corpora keep the same lines. The rules are data
(`data/boilerplate.yml`, validated here); every rule matches a *whole* line and has a word
limit, so a story sentence is never cut in half and a long paragraph is never dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

_FRAGMENT = re.compile(r"\{(name|time|date|sep)\}")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# A line that ends like a sentence is prose; a headline in a "Related" list does not.
_SENTENCE_END = re.compile(r"[.!;:][\"'”’»)\]]?$")


class RuleSpec(BaseModel):
    """One boilerplate rule as written in the YAML file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    why: str = Field(min_length=1)
    pattern: str = Field(min_length=1)
    max_words: int = Field(ge=1, le=80)
    case_sensitive: bool = False


class RuleFile(BaseModel):
    """The whole rule file: fragments, line rules and section headings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    section_item_max_words: int = Field(ge=1)
    fragments: dict[Literal["name", "time", "date", "sep"], str]
    lines: tuple[RuleSpec, ...]
    sections: tuple[RuleSpec, ...]

    @model_validator(mode="after")
    def _check(self) -> RuleFile:
        names = [rule.name for rule in (*self.lines, *self.sections)]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"rule names must be unique: {', '.join(duplicates)}")
        fragments = {str(key): value for key, value in self.fragments.items()}
        for rule in (*self.lines, *self.sections):
            try:
                _compile(rule, fragments)
            except re.error as exc:
                raise ValueError(f"rule {rule.name!r}: invalid pattern: {exc}") from exc
        return self


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule."""

    name: str
    regex: re.Pattern[str]
    max_words: int

    def matches(self, line: str, words: int) -> bool:
        """Whether the whole (normalised) line is this kind of boilerplate."""
        return words <= self.max_words and self.regex.fullmatch(line) is not None


def _compile(rule: RuleSpec, fragments: dict[str, str]) -> re.Pattern[str]:
    # Multi-line patterns are joined without spaces (see the YAML header); fragments are
    # substituted by name because `{1,40}` quantifiers rule out str.format.
    joined = "".join(part.strip() for part in rule.pattern.splitlines())
    expanded = _FRAGMENT.sub(lambda m: fragments[m.group(1)], joined)
    return re.compile(expanded, 0 if rule.case_sensitive else re.IGNORECASE)


def normalise_line(line: str) -> str:
    """A line as rules see it: invisible characters removed, whitespace collapsed."""
    return " ".join(line.translate(_INVISIBLE).split())


class BoilerplateFilter:
    """Decides, line by line, what is boilerplate; `default()` loads the packaged rules."""

    def __init__(self, spec: RuleFile) -> None:
        fragments = {str(key): value for key, value in spec.fragments.items()}
        self.lines = tuple(Rule(r.name, _compile(r, fragments), r.max_words) for r in spec.lines)
        self.sections = tuple(
            Rule(r.name, _compile(r, fragments), r.max_words) for r in spec.sections
        )
        self.item_max_words = spec.section_item_max_words
        self._longest = max(r.max_words for r in (*self.lines, *self.sections))

    @classmethod
    def default(cls) -> BoilerplateFilter:
        """The filter of `data/boilerplate.yml` (parsed once per process)."""
        return _default_filter()

    def line_rule(self, line: str) -> str | None:
        """The name of the line rule that the normalised `line` matches, if any."""
        words = len(line.split())
        if words > self._longest:
            return None
        for rule in self.lines:
            if rule.matches(line, words):
                return rule.name
        return None

    def section_rule(self, line: str) -> str | None:
        """The name of the section heading rule that `line` matches, if any."""
        words = len(line.split())
        for rule in self.sections:
            if rule.matches(line, words):
                return rule.name
        return None

    def classify(self, lines: Sequence[str]) -> list[str | None]:
        """For each line, the rule that removes it (`"blank"` for empty lines) or None to keep.

        A section heading ("Related stories", "Trending ...") also removes the short,
        unpunctuated headline lines that follow it, until a line that reads like prose.
        """
        verdicts: list[str | None] = []
        section: str | None = None
        for raw in lines:
            line = normalise_line(raw)
            if not line:
                verdicts.append("blank")
                continue
            rule = self.line_rule(line)
            if rule is not None:
                verdicts.append(rule)
                continue
            heading = self.section_rule(line)
            if heading is not None:
                section = heading
                verdicts.append(heading)
                continue
            if section is not None and self._is_item(line):
                verdicts.append(section)
                continue
            section = None
            verdicts.append(None)
        return verdicts

    def _is_item(self, line: str) -> bool:
        return len(line.split()) <= self.item_max_words and not _SENTENCE_END.search(line)


@functools.cache
def _default_filter() -> BoilerplateFilter:
    # Cached rather than a module global: parsed on first use, read-only afterwards.
    text = resources.files("sanctionwatch.ingest").joinpath("data/boilerplate.yml").read_text()
    return BoilerplateFilter(RuleFile.model_validate(yaml.safe_load(text)))
