"""Main text, quotes and metadata from HTML; decoding; binary detection; the boilerplate filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.exceptions import InputError
from sanctionwatch.ingest.boilerplate import BoilerplateFilter, RuleFile
from sanctionwatch.ingest.extract import (
    clean_text,
    declared_charset,
    decode,
    extract_html,
    sniff_binary,
)


def test_noisy_page_keeps_the_story_and_drops_the_furniture(articles: Path) -> None:
    extracted = extract_html((articles / "noisy_news.html").read_text(encoding="utf-8"))
    text = extracted.text
    assert text.startswith("SEOUL — Freight trains loaded with Russian wheat")
    assert text.endswith("food sent to North Korea is not.")
    assert text.count("\n\n") == 4  # five story paragraphs, blank lines between them
    for noise in (
        "cookies",
        "Advertisement",
        "Read more",
        "Trending",
        "Share",
        "newsletter",
        "Maria Jensen",
        "Join the conversation",
        "All rights reserved",
        "Home",
        "Hana Lindqvist",  # the byline is metadata, not story
    ):
        assert noise not in text, noise
    # What trafilatura keeps and the post-filter removes, by rule:
    assert [rule for rule, _ in extracted.removed] == [
        "ad-label",
        "read-more",
        "read-more",
        "newsletter",
        "share",
        "byline-time",
    ]


def test_blockquote_is_kept_and_its_span_recorded(articles: Path) -> None:
    extracted = extract_html((articles / "noisy_news.html").read_text(encoding="utf-8"))
    [(start, end)] = extracted.quotes
    quoted = extracted.text[start:end]
    assert quoted.startswith("“Grain is the part of this trade")
    assert quoted.endswith("at the Baltic Trade Observatory.")


def test_metadata(articles: Path) -> None:
    extracted = extract_html((articles / "noisy_news.html").read_text(encoding="utf-8"))
    assert extracted.title == (
        "Port records show grain cargoes heading north as shell shipments continue"
    )
    assert extracted.author == "Hana Lindqvist"
    assert extracted.site == "Northern Ledger"
    assert extracted.published == "2024-03-12"
    assert extracted.declared_language == "en"
    assert extracted.canonical_url is not None
    assert extracted.canonical_url.startswith("https://www.northern-ledger.example/world/2024")


def test_empty_page_has_no_text(articles: Path) -> None:
    assert extract_html((articles / "empty.html").read_text(encoding="utf-8")).text == ""


def test_quote_spans_survive_filtered_lines() -> None:
    html = (
        "<html><body><article><p>Advertisement</p><p>First paragraph of a story that is long "
        "enough to be kept by the extractor without any doubt at all.</p><blockquote><p>"
        "“A quoted passage,” said a spokesperson for the ministry on Monday.</p></blockquote>"
        "<p>Advertisement</p><blockquote><p>“A second quote,” said another official.</p>"
        "</blockquote></article></body></html>"
    )
    extracted = extract_html(html)
    assert [extracted.text[a:b] for a, b in extracted.quotes] == [
        "“A quoted passage,” said a spokesperson for the ministry on Monday.",
        "“A second quote,” said another official.",
    ]


def test_plain_text_is_cleaned_line_by_line(articles: Path) -> None:
    cleaned = clean_text((articles / "notes.txt").read_text(encoding="utf-8"))
    assert cleaned.text.startswith("VLADIVOSTOK —\n\nA Russian-flagged cargo ship")
    assert cleaned.text.endswith("when it left Rajin.")
    assert [rule for rule, _ in cleaned.removed] == [
        "breadcrumb",
        "ad-label",
        "read-more",
        "share",
        "byline-time",
    ]
    assert cleaned.quotes == []


def test_related_section_takes_its_headlines_along() -> None:
    text = (
        "The ship docked on Sunday, officials said.\n\nRelated stories\n\n"
        "Cairo to boost local wheat procurement price\n\n"
        "Suez Canal revenue falls as Red Sea attacks continue\n\n"
        "The port will reopen on Monday, the authority said."
    )
    assert clean_text(text).text == (
        "The ship docked on Sunday, officials said.\n\n"
        "The port will reopen on Monday, the authority said."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored",
        "Story continues below advertisement",
        "Read more: Satellite images show freight trains massing at the border",
        "Related: Seoul tightens checks on foreign ships calling at its ports",
        "Most read: Storm warnings issued for Scotland as gales return",
        "Subscribe to our newsletter for daily updates on the war in Ukraine.",
        "Join the conversation as a VIP Member",
        "Trending on HotAir Videos",
        "Share this article: Facebook | Twitter | Email",
        "Share: Facebook | X | LinkedIn | Email",
        "We use cookies to improve your experience. Accept all",
        "Maria Jensen 7:42 AM | January 5, 2024",
        "Stephen Moore 8:30 AM | December 15, 2024",
        "By Staff Reporter | World desk",
        "Home > Economy > Commodities",
        "Home › Asia",
        "Live updates | UK news",
        "AP Photo/Minh Hoang",
        "File photo. (Agency photo)",
        "Published 7:42 AM, January 5, 2024",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    boilerplate = BoilerplateFilter.default()
    assert boilerplate.classify([line]) != [None]


@pytest.mark.parametrize(
    "line",
    [
        "By contrast, the economy grew by 3 percent last year.",
        "By Friday, Moscow said it would respond to the claims.",
        "Satellite images show containers stacked on the quayside.",
        "The newsletter of the shipping association reported the transfer.",
        "Advertisement revenue at the state broadcaster fell by a third.",
        "Share prices of the shipping company fell sharply after the report.",
        "Share this information, please?",
        "Photos",
        "Trending higher for a third day, oil prices reached a six-month peak on Tuesday.",
        "“We will not comment on cargo,” the ministry said.",
        "29 November 2018 | 20 January 2019",
    ],
)
def test_story_lines_are_kept(line: str) -> None:
    assert BoilerplateFilter.default().classify([line]) == [None]


def test_rule_file_rejects_bad_patterns() -> None:
    spec = {
        "version": 1,
        "section_item_max_words": 10,
        "fragments": {"name": "x", "time": "x", "date": "x", "sep": "x"},
        "lines": [{"name": "bad", "why": "test", "pattern": "(unclosed", "max_words": 3}],
        "sections": [],
    }
    with pytest.raises(ValueError, match="invalid pattern"):
        RuleFile.model_validate(spec)


# -- decoding ------------------------------------------------------------------------------------


def test_latin1_page_decodes_by_its_meta_charset(articles: Path) -> None:
    data = (articles / "latin1.html").read_bytes()
    assert declared_charset(data, None, html=True) == "cp1252"  # WHATWG: latin-1 means 1252
    text = extract_html(decode(data)).text
    assert "Société Maritime Générale" in text
    assert "£12m" in text
    assert "“We have complied with every request,”" in text
    assert "statement — a claim" in text


def test_header_charset_wins_over_meta() -> None:
    data = '<meta charset="iso-8859-1"><p>Ünïcödé</p>'.encode()
    assert decode(data, "text/html; charset=UTF-8") == '<meta charset="iso-8859-1"><p>Ünïcödé</p>'


def test_utf8_mislabelled_as_latin1_is_recovered() -> None:
    data = '<meta charset="windows-1251"><p>Société</p>'.encode()
    assert "Société" in decode(data)


def test_undeclared_legacy_encoding_is_detected() -> None:
    text = "Экспорт угля из Северной Кореи в Китай продолжается, сообщают исследователи. " * 5
    assert decode(text.encode("cp1251"), None, html=False) == text


def test_broken_encoding_is_an_input_error() -> None:
    data = b'<meta charset="utf-8"><p>' + bytes(range(0x80, 0x100)) * 8 + b"</p>"
    with pytest.raises(InputError, match="broken encoding: not valid utf-8"):
        decode(data)


def test_a_few_bad_bytes_are_tolerated() -> None:
    data = b'<meta charset="utf-8"><p>' + b"word " * 2000 + b"\xff</p>"
    assert decode(data).count("\ufffd") == 1


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (or an Office document)"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip-compressed data"),
        (b"<html>\x00\x00\x00\x01", "binary data (NUL bytes)"),
        (bytes(range(1, 9)) * 50, "binary data (control bytes)"),
    ],
)
def test_binary_is_recognised(data: bytes, kind: str) -> None:
    assert sniff_binary(data) == kind


def test_text_is_not_binary(articles: Path) -> None:
    assert sniff_binary((articles / "noisy_news.html").read_bytes()) is None
    assert sniff_binary("Ein Text auf Deutsch.".encode("utf-16")) is None
    assert sniff_binary((articles / "binary.html").read_bytes()) == "a PNG image"
