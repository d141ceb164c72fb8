"""From API requests to screening queries: yente-shaped examples, algorithms, dataset filters.

Raw values are checked before FollowTheMoney cleans them: FtM would silently drop a control
character or keep a 10 kB "name", and the user must hear about either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from followthemoney import model as ftm_model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from sanctionwatch.api.models import EntityExample
from sanctionwatch.exceptions import NotFoundError, UsageError
from sanctionwatch.lists.sources import SOURCES
from sanctionwatch.screening.model import ALGORITHM, Query, ScreenOptions
from sanctionwatch.screening.normalize import MAX_NAME_CHARS, check_query_text

# yente's algorithm names (and its `best`/`default` aliases): a yente client that asks for one
# of them gets sanctionwatch's algorithm; results always name the algorithm that scored them.
YENTE_ALGORITHMS = frozenset(
    {
        "best",
        "default",
        "logic-v1",
        "logic-v2",
        "name-based",
        "name-qualified",
        "regression-v1",
        "regression-v2",
    }
)
# Path datasets meaning "every loaded list" (yente's collections).
ALL_DATASETS = frozenset({"default", "sanctions"})
# Checked strictly (no control characters, at most MAX_NAME_CHARS): the values that reach
# the engine. Other types (addresses, notes) may hold line breaks; they only get a size cap.
_STRICT_TYPES = frozenset(
    {registry.name, registry.identifier, registry.date, registry.country, registry.string}
)
_OTHER_MAX_CHARS = 4 * MAX_NAME_CHARS
_MAX_CANDIDATES = 100
# Results fetched beyond the page, and candidates scored when results are filtered afterwards
# (by dataset, schema or id), so that the filter does not empty a page it could fill.
_FILTERED_FETCH = 50


def resolve_algorithm(name: str) -> str:
    """sanctionwatch's algorithm for a requested name; `UsageError` for unknown names."""
    if name == ALGORITHM or name in YENTE_ALGORITHMS:
        return ALGORITHM
    accepted = ", ".join([ALGORITHM, *sorted(YENTE_ALGORITHMS)])
    raise UsageError(f"unknown algorithm {name!r} (accepted: {accepted}; all run {ALGORITHM})")


def _scalar_values(raw: str | list[Any]) -> list[str]:
    values = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for value in values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float):
            out.append(str(value))
        elif isinstance(value, str):
            out.append(value)
        # Anything else (nested entities, as yente responses carry them) says nothing the
        # engine reads.
    return out


def _check_value(prop_type: Any, value: str, what: str) -> str:
    if prop_type in _STRICT_TYPES:
        return check_query_text(value, what)
    if len(value) > _OTHER_MAX_CHARS:
        raise UsageError(f"{what} is too long ({len(value)} characters)")
    return value


def example_proxy(example: EntityExample, where: str = "query") -> EntityProxy:
    """The FtM entity of a yente example; `UsageError` naming the schema or value at fault.

    Properties the schema does not have are ignored, as yente ignores them.
    """
    schema = ftm_model.get(example.schema_)
    if schema is None:
        raise UsageError(
            f"{where}: unknown schema {example.schema_!r}: use an FtM schema such as "
            "Person, Company, Organization, Vessel, LegalEntity or Thing"
        )
    if schema.name != "Thing" and not schema.matchable:
        raise UsageError(f"{where}: schema {schema.name!r} cannot be matched against lists")
    proxy = ftm_model.make_entity(schema)
    if example.id is not None:
        proxy.id = check_query_text(example.id, f"{where}: id")
    for name, raw in example.properties.items():
        prop = schema.get(name)
        if prop is None:
            continue
        for value in _scalar_values(raw):
            checked = _check_value(prop.type, value, f"{where}: {name}")
            proxy.add(prop, checked, cleaned=False, quiet=True, fuzzy=True)
    return proxy


def example_query(example: EntityExample, where: str = "query") -> tuple[Query, EntityProxy]:
    """The validated screening query of a yente example, and the cleaned FtM entity."""
    proxy = example_proxy(example, where)
    query = Query.from_entity(proxy)
    if query.birth_date is not None:
        query.birth_date = query.birth_date[:10]  # FtM keeps times; birth dates are days
    try:
        return query.validated(), proxy
    except UsageError as exc:
        raise UsageError(f"{where}: {exc.message}") from exc


def decision_query(
    names: list[str],
    schema: str,
    identifiers: dict[str, list[str]],
    example: EntityExample | None,
) -> Query:
    """The query a decision is about: from a yente example, or from names and identifiers."""
    if example is not None:
        if names or identifiers:
            raise UsageError("give the query either as `query` or as `names`/`identifiers`")
        return example_query(example)[0]
    query = Query(
        name=names[0] if names else None,
        schema=schema,
        identifiers=identifiers,
        aliases=names[1:],
    )
    return query.validated()


@dataclass
class ResultFilter:
    """Which results a request wants: datasets (list sources), schemata and ids to drop."""

    datasets: frozenset[str] | None = None  # None: every source
    excluded_datasets: frozenset[str] = frozenset()
    excluded_schemata: frozenset[str] = frozenset()
    excluded_ids: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        """Whether any result may be dropped."""
        return bool(
            self.datasets is not None
            or self.excluded_datasets
            or self.excluded_schemata
            or self.excluded_ids
        )

    def keeps(self, entity_id: str, schema: str, source: str | None) -> bool:
        """Whether a result passes the filter."""
        if entity_id in self.excluded_ids or schema in self.excluded_schemata:
            return False
        if source in self.excluded_datasets:
            return False
        return self.datasets is None or source in self.datasets


def _known_sources(names: Iterable[str], what: str) -> frozenset[str]:
    found = frozenset(names)
    unknown = sorted(found - SOURCES.keys())
    if unknown:
        known = ", ".join(sorted(SOURCES))
        raise UsageError(f"unknown {what} {', '.join(map(repr, unknown))} (datasets: {known})")
    return found


def _known_schemata(names: Iterable[str]) -> frozenset[str]:
    found = frozenset(names)
    for name in sorted(found):
        if ftm_model.get(name) is None:
            raise UsageError(f"exclude_schema: unknown schema {name!r}")
    return found


def result_filter(
    dataset: str,
    include_dataset: list[str],
    exclude_dataset: list[str],
    exclude_schema: list[str],
    exclude_entity_ids: list[str],
) -> ResultFilter:
    """The filter of a `/match` request; `NotFoundError` for an unknown path dataset."""
    datasets: frozenset[str] | None = None
    if dataset not in ALL_DATASETS:
        if dataset not in SOURCES:
            known = ", ".join([*sorted(ALL_DATASETS), *sorted(SOURCES)])
            raise NotFoundError(f"no dataset {dataset!r} (datasets: {known})")
        datasets = frozenset({dataset})
    if include_dataset:
        included = _known_sources(include_dataset, "include_dataset")
        datasets = included if datasets is None else datasets & included
    return ResultFilter(
        datasets=datasets,
        excluded_datasets=_known_sources(exclude_dataset, "exclude_dataset"),
        excluded_schemata=_known_schemata(exclude_schema),
        excluded_ids=frozenset(exclude_entity_ids),
    )


@dataclass
class MatchPlan:
    """How to run a request's queries: engine options, the page size, the filter."""

    options: ScreenOptions
    limit: int
    threshold: float
    filter: ResultFilter = field(default_factory=ResultFilter)


def match_plan(
    *,
    threshold: float,
    cutoff: float | None,
    limit: int,
    algorithm: str,
    config: dict[str, Any],
    result_filter: ResultFilter,
) -> MatchPlan:
    """Engine options for a request: results from min(cutoff, threshold), `match` at threshold.

    The engine is asked for more results than the page holds (to count them, and because a
    filter drops some); with a filter it also scores more candidates.
    """
    floor = threshold if cutoff is None else min(cutoff, threshold)
    options = ScreenOptions(threshold=floor, limit=limit, algorithm=resolve_algorithm(algorithm))
    for key, value in config.items():
        _apply_config(options, key, value)
    # Fetching beyond the page tells whether `total` is exact ("eq") or a floor ("gte").
    options.limit = limit + max(_FILTERED_FETCH, len(result_filter.excluded_ids))
    if result_filter.active:
        options.candidates = max(options.candidates, _FILTERED_FETCH)
    options.validate()
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"threshold must be between 0 and 1, not {threshold}")
    return MatchPlan(options, limit, threshold, result_filter)


def _apply_config(options: ScreenOptions, key: str, value: Any) -> None:
    if key == "dob_tolerance_years":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise UsageError("config dob_tolerance_years must be an integer from 0 to 10")
        options.dob_tolerance_years = value
    elif key == "include_weak_aliases":
        if not isinstance(value, bool):
            raise UsageError("config include_weak_aliases must be true or false")
        options.include_weak_aliases = value
    elif key == "candidates":
        if isinstance(value, bool) or not isinstance(value, int):
            raise UsageError("config candidates must be an integer")
        if not 1 <= value <= _MAX_CANDIDATES:
            raise UsageError(f"config candidates must be from 1 to {_MAX_CANDIDATES}")
        options.candidates = value
    else:
        raise UsageError(
            f"Invalid configuration parameter: {key} for algorithm {ALGORITHM} "
            "(accepted: candidates, dob_tolerance_years, include_weak_aliases)"
        )
