"""The extraction lexicons load, validate, and agree with the goods taxonomy."""

from __future__ import annotations

import pytest

from sanctionwatch.exceptions import ParseError
from sanctionwatch.extract.goods import goods_taxonomy
from sanctionwatch.extract.lexicon import (
    AttributionLexicon,
    TransferLexicon,
    attribution_lexicon,
    certainty_lexicon,
    parse_lexicon,
    transfer_lexicon,
)


def test_packaged_lexicons_load() -> None:
    transfers = transfer_lexicon()
    assert transfers.frame_of_verb("send") == "give"
    assert transfers.frame_of_verb("receive") == "get"
    assert transfers.frame_of_noun("shipment") == "give"
    assert transfers.frame_of_phrasal("take", {"delivery"}, set()) == "get"
    assert transfers.frame_of_phrasal("give", set(), {"up"}) == "none"
    assert "will" in certainty_lexicon().planned.aux
    assert "say" in attribution_lexicon().reporting_verbs


def test_lexicon_categories_are_in_the_taxonomy() -> None:
    categories = set(goods_taxonomy().categories)
    lexicon = transfer_lexicon()
    assert {r.category for r in lexicon.refinements} <= categories
    assert lexicon.ordinary_goods <= categories
    assert certainty_lexicon().denial.weapons_categories <= categories


def test_a_broken_file_names_the_field() -> None:
    text = "version: 1\nreporting_verbs: [Say]\ndocuments: []\nstatistics: []\nown_voice: []\n"
    with pytest.raises(ParseError, match="reporting_verbs"):
        parse_lexicon(text + "pronouns: []\n", "attribution.yaml", AttributionLexicon)
    with pytest.raises(ParseError, match="not valid YAML"):
        parse_lexicon("version: [", "transfers.yaml", TransferLexicon)


def test_group_countries_are_iso_codes() -> None:
    text = (
        transfer_lexicon().model_dump_json()
        .replace('"Houthis":"YE"', '"Houthis":"Yemen"')
    )  # fmt: skip
    with pytest.raises(ParseError, match="groups"):
        parse_lexicon(text, "transfers.yaml", TransferLexicon)
