"""Screening: is this name, company or vessel on an official sanctions list?

`ScreeningIndex.build(entities)` indexes listed parties (FollowTheMoney entities with their
`Sanction` records); `index.screen(Query(...), ScreenOptions())` returns ranked `Match` records,
each with its score, its explanation (`Feature` list) and the list entries behind it. Scores are
those of algorithm `sw-v2` (see `score.py`).

Pipeline: `normalize` (text) → `translit` with `korean`, `chinese`, `cyrillic` (readings in any
script) → `names` (analysed names) → `candidates` (inverted index, retrieval) → `score`
(alignment and features) → `index` (orchestration).
"""

from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import (
    ALGORITHM,
    EntitySummary,
    Feature,
    Match,
    Query,
    SanctionRef,
    ScreenOptions,
)

__all__ = [
    "ALGORITHM",
    "EntitySummary",
    "Feature",
    "Match",
    "Query",
    "SanctionRef",
    "ScreenOptions",
    "ScreeningIndex",
]
