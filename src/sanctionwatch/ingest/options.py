"""The limits and thresholds of one reading run, in one object (STYLE rule 9)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sanctionwatch.ingest.dedup import NEAR_DUPLICATE_BITS

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read into documents; the defaults suit news pages and feeds."""

    # One page, text, feed, JSON line or WARC record; bigger inputs are `unreadable`. News pages
    # are rarely above 2 MB of HTML, and trafilatura's time grows with the tree.
    max_bytes: int = 5 * MIB
    # A feed item whose own content has fewer words is a teaser: its link is fetched instead.
    feed_full_words: int = 150
    # Fetch the links of teaser feed items (off: keep the teaser as the document).
    fetch_feed_links: bool = True
    # Languages that the NLP stages analyse; others are stored as `not_analysed`.
    analysed_languages: frozenset[str] = field(default_factory=lambda: frozenset({"en"}))
    # Simhash distance (of 64 bits) at or below which two documents are near-duplicates; see
    # `dedup` for how the threshold was chosen.
    near_duplicate_bits: int = NEAR_DUPLICATE_BITS
    # Texts shorter than this are not linked as near-duplicates: their fingerprints are noisy.
    near_duplicate_min_words: int = 50
    # Directory walks follow no symlinks and skip hidden files unless this is set.
    include_hidden: bool = False
