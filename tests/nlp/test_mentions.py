"""Finding and linking mentions: vessels by context and IMO, partial names, common words,
schema discipline, and place names confirmed or refused by the NER."""

from __future__ import annotations

import pytest

from sanctionwatch.nlp.analyze import Analysis
from sanctionwatch.nlp.linking import MentionOptions
from sanctionwatch.nlp.mentions import Mention, clean_name, names_goods
from tests.nlp.conftest import Read


def linked(analysis: Analysis) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity_id) for m in analysis.mentions if m.entity_id is not None]


def find(analysis: Analysis, text: str) -> list[Mention]:
    return [m for m in analysis.mentions if m.text == text]


def test_angara_beside_ship_words_is_the_vessel(read: Read) -> None:
    analysis = read(
        "Researchers have linked a Russian-flagged cargo ship, the Angara, to the route, saying "
        "it made repeated round trips between the two ports."
    )
    (mention,) = find(analysis, "Angara")
    assert (mention.kind, mention.entity_id) == ("vessel", "v-angara")
    assert mention.score > 0.8
    assert any("ship" in line for line in mention.explanation)


def test_angara_after_the_with_ship_words_nearby(read: Read) -> None:
    analysis = read("Satellite images showed the Angara docked at the port of Rajin in October.")
    assert ("Angara", "v-angara") in linked(analysis)


def test_imo_links_the_vessel_under_another_name(read: Read) -> None:
    analysis = read("The tanker Sea Star (IMO 9179842) was seen off Nakhodka last week.")
    (mention,) = find(analysis, "Sea Star")
    assert (mention.kind, mention.entity_id, mention.imo) == ("vessel", "v-angara", "9179842")
    assert any("IMO 9179842" in line for line in mention.explanation)


def test_imo_with_a_bad_check_digit_is_ignored(read: Read) -> None:
    analysis = read("The tanker Sea Star (IMO 9179843) was seen off Nakhodka last week.")
    (mention,) = find(analysis, "Sea Star")
    assert (mention.entity_id, mention.imo) == (None, None)


def test_same_name_with_another_imo_is_another_ship(read: Read) -> None:
    analysis = read("The tanker Angara (IMO 9235816) left Vostochny on Monday.")
    assert find(analysis, "Angara")[0].entity_id is None


def test_kim_after_kim_jong_un_is_him(read: Read) -> None:
    analysis = read(
        "Kim Jong Un arrived in Vladivostok by armoured train on Tuesday.\n\n"
        "Kim was met at the station by Russian officials, and Kim later toured a shipyard."
    )
    kims = [m for m in analysis.mentions if m.kind == "person"]
    assert [m.text for m in kims] == ["Kim Jong Un", "Kim", "Kim"]
    assert {m.entity_id for m in kims} == {"p-kju"}
    assert "partial name" in kims[1].explanation[-1]


def test_kim_is_nobody_when_two_kims_are_named(read: Read) -> None:
    analysis = read(
        "Kim Jong Un met officials on Monday. His sister Kim Yo Jong issued a statement. "
        "Kim said the talks went well."
    )
    persons = {m.text: m.entity_id for m in analysis.mentions if m.kind == "person"}
    assert persons["Kim Jong Un"] == "p-kju"
    assert persons["Kim Yo Jong"] == "p-kyj"
    assert persons["Kim"] is None


def test_a_surname_alone_links_nothing(read: Read) -> None:
    analysis = read("Putin said on Friday that the talks would continue.")
    assert linked(analysis) == []


def test_bare_common_word_is_not_linked(read: Read) -> None:
    analysis = read(
        "Progress on the talks was slow, officials said. Progress, they added, would take time."
    )
    assert linked(analysis) == []


def test_common_word_after_a_ship_noun_links_the_vessel(read: Read) -> None:
    analysis = read("The tanker Progress unloaded diesel at Nampo on Sunday.")
    assert ("Progress", "v-progress") in linked(analysis)


def test_persons_never_link_to_vessels(read: Read) -> None:
    analysis = read("Mikhail Khabarov, a trader in Moscow, denied any role in the deals.")
    (mention,) = find(analysis, "Mikhail Khabarov")
    assert (mention.kind, mention.entity_id) == ("person", None)


def test_organisations_link_to_organisations(read: Read) -> None:
    analysis = read(
        "The Korea Mining Development Trading Corporation sold missile parts, the panel said."
    )
    mentions = [m for m in analysis.mentions if m.kind == "organization"]
    assert [(m.entity_id, m.kind) for m in mentions] == [("c-komid", "organization")]


def test_a_group_named_with_the_is_an_organisation(read: Read) -> None:
    analysis = read("Iran has repeatedly denied arming the Houthis, who control Sanaa.")
    assert ("Houthis", "o-houthis") in linked(analysis)


def test_linking_off(read: Read) -> None:
    analysis = read("Kim Jong Un met Vladimir Putin.", options=MentionOptions(link=False))
    assert linked(analysis) == []
    assert {m.text for m in analysis.mentions if m.kind == "person"} == {
        "Kim Jong Un",
        "Vladimir Putin",
    }


def test_no_index_finds_mentions_without_links(read: Read) -> None:
    analysis = read("Kim Jong Un met Vladimir Putin in Vladivostok.", index=None)
    assert linked(analysis) == []
    assert [(m.text, m.country) for m in analysis.mentions if m.kind == "place"] == [
        ("Vladivostok", "RU")
    ]


def test_ambiguous_place_names_need_the_ner(read: Read) -> None:
    analysis = read(
        "Jordan Peterson spoke in Toronto. Chad Smith plays drums. "
        "Troops from Chad and Jordan joined the mission."
    )
    countries = [(m.text, m.country) for m in analysis.mentions if m.kind == "country"]
    assert countries == [("Chad", "TD"), ("Jordan", "JO")]


def test_place_inside_a_longer_place_is_not_that_country(read: Read) -> None:
    analysis = read("The company is based in New Jersey and ships goods via Latin America.")
    assert all(m.country != "JE" for m in analysis.mentions)


def test_seats_of_government_are_organisations_of_their_country(read: Read) -> None:
    analysis = read("The White House said the Kremlin had asked Pyongyang for shells.")
    seats = [(m.text, m.kind, m.country, m.entity_id) for m in analysis.mentions]
    assert ("The White House", "organization", "US", None) in seats
    assert ("the Kremlin", "organization", "RU", None) in seats
    assert analysis.countries["RU"] == 1


def test_countries_and_metonyms(read: Read) -> None:
    analysis = read(
        "The Kremlin said North Korean shells reached Russia via Rajin. The North denied it, "
        "and the US said Pyongyang lied to us."
    )
    places = [(m.text, m.kind, m.country) for m in analysis.mentions if m.country]
    assert places == [
        ("The Kremlin", "organization", "RU"),  # the government seated there, for Russia
        ("North Korean", "country", "KP"),
        ("Russia", "country", "RU"),
        ("Rajin", "place", "KP"),
        ("The North", "place", "KP"),
        ("US", "country", "US"),
        ("Pyongyang", "place", "KP"),
    ]
    assert analysis.countries == {"KP": 4, "RU": 2, "US": 1}


def test_mentions_carry_spans_and_sentences(read: Read) -> None:
    text = "Officials met in Seoul.\n\nKim Jong Un visited Vladivostok."
    analysis = read(text)
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text
        sentence = analysis.sentences[mention.sentence]
        assert sentence.start <= mention.start < sentence.end


def test_clean_name() -> None:
    assert clean_name("the Wagner Group's") == "Wagner Group"
    assert clean_name("President Putin", ["president"]) == "Putin"
    assert clean_name("Mr. Kim", ["mr"]) == "Kim"
    assert clean_name("“Angara”") == "Angara"


def test_companies_named_by_a_leading_legal_form(read: Read) -> None:
    analysis = read("The chips were resold to OOO Aerosistema, a distributor in Moscow.")
    assert [m.text for m in analysis.mentions if m.kind == "organization"] == ["OOO Aerosistema"]


def test_goods_are_not_parties() -> None:
    assert names_goods("Iskander")
    assert names_goods("Su-35s")
    assert not names_goods("Iskander Makhmudov")
    assert not names_goods("Tengri Components LLC")
    assert not names_goods("")


def test_weapons_named_like_parties_are_not_mentions(read: Read) -> None:
    analysis = read(
        "Russia fired Iskander missiles at Kharkiv, and Su-35s flew overhead, Ukraine said."
    )
    parties = [m.text for m in analysis.mentions if m.kind in ("person", "organization")]
    assert not any(text.startswith(("Iskander", "Su-35")) for text in parties)


def test_listed_companies_the_ner_misses_are_found(read: Read) -> None:
    """The small model tags "Rosneft" opening a sentence as a common noun, no entity."""
    analysis = read("Rosneft and two smaller producers were sanctioned by the Treasury in October.")
    assert ("Rosneft", "c-rosneft") in linked(analysis)
    (mention,) = find(analysis, "Rosneft")
    assert mention.kind == "organization"
    assert mention.explanation[0] == "proper noun the NER did not tag"


@pytest.mark.parametrize(
    "text",
    [
        "The Korea Mining Development Trading Corporation, known as KMDTC, sold missile parts.",
        "The Korea Mining Development Trading Corporation (KMDTC) sold missile parts.",
    ],
)
def test_another_name_the_article_gives_is_the_same_party(read: Read, text: str) -> None:
    analysis = read(text)
    assert ("KMDTC", "c-komid") in linked(analysis)
    (mention,) = find(analysis, "KMDTC")
    assert "another name of" in mention.explanation[-1]


def test_a_party_named_next_to_a_listed_one_is_not_an_alias(read: Read) -> None:
    analysis = read(
        "The Korea Mining Development Trading Corporation and Ryonbong Trading sold missile parts."
    )
    assert [entity for text, entity in linked(analysis) if "Ryonbong" in text] == []


def test_dates_are_never_companies(read: Read) -> None:
    analysis = read("The deliveries began in September, officials said.")
    assert linked(analysis) == []
