"""Transfer extraction on sentences written for these tests, one construction at a time."""

from __future__ import annotations

import pytest

from sanctionwatch.extract.records import Certainty, Transfer
from sanctionwatch.extract.transfers import extract_transfers
from sanctionwatch.ingest.document import Document
from sanctionwatch.nlp.analyze import Analysis
from sanctionwatch.screening import ScreeningIndex
from tests.extract.conftest import Extract, keys


def only(found: list[Transfer]) -> Transfer:
    assert len(found) == 1, [(t.supplier_country, t.recipient_country, t.category) for t in found]
    return found[0]


# -- verbs, active and passive ----------------------------------------------------------------


def test_active_verb_with_destination(transfers: Extract) -> None:
    found = only(transfers("North Korea exported 12,000 tonnes of coal to China in January."))
    assert (found.supplier_country, found.recipient_country, found.category) == ("KP", "CN", "coal")
    assert found.supplier == "North Korea"
    assert found.recipient == "China"
    assert "coal" in found.goods
    assert found.when == "January"
    assert found.hs_codes
    assert found.date == "2025-03-01"
    assert found.sentence_index == 0
    assert found.sentence.startswith("North Korea exported")
    assert (found.start, found.end) == (0, len(found.sentence))


def test_evidence_is_the_sentence_without_paragraph_breaks(transfers: Extract) -> None:
    text = "Officials met on Monday.\n\nNorth Korea exported coal to China.\n\nTalks resume soon."
    found = only(transfers(text))
    assert found.sentence == "North Korea exported coal to China."
    assert text[found.start : found.end] == found.sentence


def test_a_clause_on_a_noun_keeps_its_own_subject(transfers: Extract) -> None:
    """ "reports that Minsk had received ...": an active clause, not a passive participle."""
    found = only(
        transfers("Officials cited reports that Minsk had received Iskander missiles from Moscow.")
    )
    assert (found.supplier_country, found.recipient_country) == ("RU", "BY")
    assert found.certainty == "alleged"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "Iranian oil exports to China rose to 1.6 million barrels a day.",
            ("IR", "CN", "crude_oil"),
        ),
        ("North Korean coal exports to China resumed in March.", ("KP", "CN", "coal")),
    ],
)
def test_goods_named_in_front_of_a_trade_noun(
    transfers: Extract, text: str, key: tuple[str, str, str]
) -> None:
    """ "Iranian oil exports": the adjective is the supplier, the noun the goods."""
    assert keys(transfers(text)) == {key}


def test_an_amount_earned_is_no_supplier(transfers: Extract) -> None:
    found = transfers("North Korea earned $300 million from exporting coal and iron ore to China.")
    assert keys(found) == {("KP", "CN", "coal"), ("KP", "CN", "iron_ore")}


def test_passive_with_origin_demonym(transfers: Extract) -> None:
    text = "Hundreds of Iranian drones were delivered to Russia last month, according to officials."
    assert keys(transfers(text)) == {("IR", "RU", "aircraft")}


def test_passive_with_agent(transfers: Extract) -> None:
    text = (
        "Two shipments of coal were sold to Chinese traders by a North Korean state company, "
        "the panel said."
    )
    found = only(transfers(text))
    assert (found.supplier_country, found.recipient_country) == ("KP", "CN")
    assert found.recipient == "Chinese traders"


def test_reduced_relative_with_the_user_as_recipient(transfers: Extract) -> None:
    text = "Russia is firing rockets supplied by North Korea at Ukrainian cities, officials said."
    assert keys(transfers(text)) == {("KP", "RU", "missiles")}


def test_receiving_verb_and_metonyms(transfers: Extract) -> None:
    text = "Pyongyang has received fighter jets from Moscow, Seoul's spy agency said."
    found = only(transfers(text))
    assert (found.supplier, found.recipient) == ("Moscow", "Pyongyang")
    assert found.category == "aircraft"


# -- nouns ------------------------------------------------------------------------------------


def test_nominal_with_from_and_to(transfers: Extract) -> None:
    text = "Satellite photos show deliveries of rockets from Iran to Yemen's Houthis continued."
    assert keys(transfers(text)) == {("IR", "YE", "missiles")}


def test_nominal_with_destinations_on_the_verb(transfers: Extract) -> None:
    text = (
        "Officials tracked the shipment of 300 tonnes of iron ore from Nampho to a port in China."
    )
    assert keys(transfers(text)) == {("KP", "CN", "iron_ore")}


def test_nominal_goods_paired_with_their_destinations(transfers: Extract) -> None:
    text = (
        "The two governments will discuss deliveries of rockets and artillery shells to Russia "
        "and rice and other food supplies to North Korea."
    )
    found = transfers(text)
    assert keys(found) == {
        ("KP", "RU", "missiles"),
        ("KP", "RU", "ammunition"),
        ("RU", "KP", "food"),
    }
    assert {t.certainty for t in found} == {Certainty.PLANNED}
    assert len({t.sentence for t in found}) == 1


# -- ditransitives ----------------------------------------------------------------------------


def test_ditransitive_misparsed_as_compound(transfers: Extract) -> None:
    text = "Moscow wants Pyongyang to send Russia artillery shells and antitank missiles."
    found = transfers(text)
    assert keys(found) == {("KP", "RU", "ammunition"), ("KP", "RU", "arms")}
    assert {t.certainty for t in found} == {Certainty.PLANNED}
    assert {t.recipient for t in found} == {"Russia"}
    assert all("Russia" not in t.goods for t in found)


def test_ditransitive_recipient_inside_the_object(transfers: Extract) -> None:
    text = "Moscow will sell Tehran thirty fighter jets, an Iranian official told state media."
    found = only(transfers(text))
    assert (found.supplier_country, found.recipient_country) == ("RU", "IR")
    assert found.attributed_to == "an Iranian official"


def test_provide_someone_with_goods(transfers: Extract) -> None:
    text = (
        "Pyongyang would like Moscow to provide North Korea with technology for satellites and "
        "nuclear-powered submarines."
    )
    assert keys(transfers(text)) == {("RU", "KP", "space_tech"), ("RU", "KP", "nuclear_tech")}


def test_person_parties_placed_by_their_titles(transfers: Extract, listed: ScreeningIndex) -> None:
    text = (
        "Russian President Vladimir Putin gave North Korean leader Kim Jong Un a limousine, "
        "state media said."
    )
    found = only(transfers(text, index=listed))
    assert (found.supplier_country, found.recipient_country) == ("RU", "KP")
    assert found.category == "luxury_goods"
    assert (found.supplier_entity, found.recipient_entity) == ("p-putin", "p-kju")


# -- coordination, references across sentences ----------------------------------------------


def test_coordinated_goods_are_one_transfer_per_category(transfers: Extract) -> None:
    text = "Iran received tanks, artillery shells and drones from Russia in 2024, the report says."
    found = transfers(text)
    assert keys(found) == {
        ("RU", "IR", "arms"),
        ("RU", "IR", "ammunition"),
        ("RU", "IR", "aircraft"),
    }
    assert len({t.sentence for t in found}) == 1


def test_pronouns_across_sentences(transfers: Extract) -> None:
    text = (
        "Iran has built up a large stock of drones.\n\n"
        "It sent hundreds of them to Russia last year, Western officials said."
    )
    found = only(transfers(text))
    assert (found.supplier_country, found.recipient_country, found.category) == (
        "IR",
        "RU",
        "aircraft",
    )
    assert found.sentence_index == 1


def test_the_north(transfers: Extract) -> None:
    text = "South Korea said the North had shipped millions of shells to Russia."
    found = only(transfers(text))
    assert (found.supplier, found.supplier_country) == ("the North", "KP")


def test_a_pronoun_for_goods_keeps_their_origin(transfers: Extract) -> None:
    text = (
        "According to investigators, the bulk carrier loaded North Korean coal at Nampho and "
        "delivered it to buyers in China."
    )
    assert keys(transfers(text)) == {("KP", "CN", "coal")}


def test_in_exchange_for_goes_the_other_way(transfers: Extract) -> None:
    text = (
        "In exchange for the shells, Russia has given North Korea oil and wheat, intelligence "
        "officials said."
    )
    assert keys(transfers(text)) == {
        ("RU", "KP", "crude_oil"),
        ("RU", "KP", "food"),
        ("KP", "RU", "ammunition"),
    }


def test_in_return_reverses_the_last_transfer(transfers: Extract) -> None:
    text = (
        "North Korea sent artillery shells to Russia. In return, Moscow shipped food to "
        "Pyongyang, officials said."
    )
    assert keys(transfers(text)) == {("KP", "RU", "ammunition"), ("RU", "KP", "food")}


def test_a_cargo_that_lists_its_contents(transfers: Extract) -> None:
    text = (
        "U.S. forces seized Iranian missile parts bound for Yemen's Houthi rebels, the Pentagon "
        "said. The haul included rocket engines and components for air-defence systems."
    )
    found = transfers(text)
    assert keys(found) == {("IR", "YE", "ballistic_missile_tech"), ("IR", "YE", "arms")}
    assert {t.attributed_to for t in found} == {"the Pentagon"}


def test_a_restatement_is_one_transfer(transfers: Extract) -> None:
    text = (
        "North Korea sent shells to Russia in March. The shells were sent by rail, officials said."
    )
    found = only(transfers(text))
    assert found.when == "March"


# -- ships ------------------------------------------------------------------------------------


def test_vessels_imo_ports_and_time(transfers: Extract, listed: ScreeningIndex) -> None:
    text = (
        "Officials said the tanker Sunrise Glory (IMO 9054420) had carried diesel to North Korea "
        "from the Russian port of Vanino in late March."
    )
    found = only(transfers(text, index=listed))
    assert (found.supplier_country, found.recipient_country, found.category) == (
        "RU",
        "KP",
        "refined_petroleum",
    )
    assert found.vessels == ["Sunrise Glory"]
    assert found.vessel_entities == ["v-sunrise"]
    assert found.imo == ["9054420"]
    assert found.ports == ["Vanino"]
    assert found.when == "late March"


def test_a_receiving_ship_counts_for_its_flag(transfers: Extract) -> None:
    text = (
        "Japanese officials told reporters that two tankers had transferred diesel to North "
        "Korean-flagged ships."
    )
    found = only(transfers(text))
    assert (found.supplier_country, found.recipient_country) == (None, "KP")


def test_a_receiving_ship_counts_for_its_nationality(transfers: Extract) -> None:
    text = "The tanker Sun Ace transferred refined petroleum to a North Korean tanker at sea."
    found = only(transfers(text))
    assert (found.supplier_country, found.recipient_country) == (None, "KP")
    assert found.category == "refined_petroleum"


def test_a_cargo_goes_where_its_ship_puts_in(transfers: Extract) -> None:
    text = (
        "A vessel carrying 5,000 tonnes of North Korean coal docked in the Chinese port of "
        "Longkou last month."
    )
    assert keys(transfers(text)) == {("KP", "CN", "coal")}


def test_a_ship_delivering_goods_from_a_country_is_no_supplier(transfers: Extract) -> None:
    text = (
        "A Russian cargo ship delivered 1,000 containers of ammunition from North Korea to the "
        "port of Dunai, the researchers found."
    )
    assert keys(transfers(text)) == {("KP", "RU", "ammunition")}


def test_no_evidence_of_a_transfer_is_no_transfer(transfers: Extract) -> None:
    text = (
        "There is no evidence that China has provided lethal aid to Russia, the White House said."
    )
    assert transfers(text) == []


def test_a_cargo_goes_where_its_ship_heads(transfers: Extract) -> None:
    text = (
        "A tanker loaded Russian crude at Primorsk this month. Tracking data show the tanker Sea "
        "Falcon heading for the Indian port of Sikka."
    )
    found = only(transfers(text))
    assert (found.supplier_country, found.recipient_country) == ("RU", "IN")
    assert found.vessels == ["Sea Falcon"]


# -- what is not a reported transfer ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # exempt humanitarian aid, given or channelled by an aid agency
        "UNICEF delivered vaccines and medicine to North Korea through the port of Nampho.",
        "South Korea will donate rice to the North through the World Food Programme.",
        # a rule, not an event
        "UN resolutions ban any transfer of weapons to North Korea.",
        "Under the resolution, North Korea may import no more than 500,000 barrels of fuel.",
        # negated, hypothetical, offered
        "Russia did not send any missiles to Iran, the Kremlin said.",
        "If Russia sent fighter jets to North Korea, Seoul would protest.",
        "Moscow offered to send food aid to North Korea after the floods.",
        # plainly legal trade, no sanctions target, background years back
        "Russia exported two million tonnes of wheat to Egypt last year.",
        "Germany exported cars to France.",
        "Iran bought Russian MiG-29 fighters in 1990, the museum notes.",
        # no goods moved
        "Russia and China discussed closer economic cooperation at the summit.",
        "Kim Jong Un travelled to Vladivostok by armoured train.",
        "Putin said North Korea would need guarantees before it could give up its nuclear weapons.",
        # a party's own account inside its denial
        "A spokesman said the company had sold the chips to a firm in Kazakhstan and knew "
        "nothing of any shipment to Russia.",
    ],
)
def test_no_transfer(transfers: Extract, text: str) -> None:
    assert transfers(text) == []


def test_boilerplate_lines_are_skipped(transfers: Extract) -> None:
    text = "Read more: North Korea shipped coal to China, report says\n\nThe weather was mild."
    assert transfers(text) == []


def test_an_article_that_was_not_analysed() -> None:
    doc = Document(id="x", text="Russia sent tanks to Iran.", language="de")
    assert (
        extract_transfers(doc, Analysis(doc_id="x", skipped="language 'de' is not English")) == []
    )


def test_ships_named_in_the_next_sentence(transfers: Extract) -> None:
    text = (
        "A patrol plane photographed a tanker passing what looked like diesel to a North "
        "Korean-flagged tanker, the coast guard said. It identified the supplier as the tanker "
        "Blue Heron (IMO 9123454)."
    )
    found = only(transfers(text))
    assert (found.supplier_country, found.recipient_country, found.category) == (
        None,
        "KP",
        "refined_petroleum",
    )
    assert found.vessels == ["Blue Heron"]
    assert found.imo == ["9123454"]
