"""The spaCy pipeline loader and the stage functions `analyze` / `analyze_many`."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sanctionwatch.exceptions import ConfigurationError
from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.nlp.analyze import analyze, analyze_many
from sanctionwatch.nlp.pipeline import MODEL_PACKAGE, PARAGRAPHS, load_pipeline
from sanctionwatch.screening import ScreeningIndex


def test_pipeline_is_loaded_once(nlp: Language) -> None:
    assert load_pipeline() is nlp
    assert PARAGRAPHS in nlp.pipe_names
    assert nlp.pipe_names.index(PARAGRAPHS) < nlp.pipe_names.index("parser")


def test_missing_model_names_the_package() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_pipeline("en_core_web_missing_model")
    assert MODEL_PACKAGE in str(caught.value)


def test_paragraphs_are_sentence_boundaries(nlp: Language) -> None:
    doc = nlp("Advertisement\n\nNorth Korea sent shells to Russia")
    assert [s.text.strip() for s in doc.sents] == [
        "Advertisement",
        "North Korea sent shells to Russia",
    ]


def test_analysis_is_plain_data_with_the_doc_kept(nlp: Language, index: ScreeningIndex) -> None:
    doc = Document(id="a1", text="Kim Jong Un met Vladimir Putin in Vladivostok.", language="en")
    analysis = analyze(doc, index, nlp=nlp)
    assert analysis.spacy_doc is not None
    assert analysis.spacy_doc.text == doc.text
    data = analysis.as_dict()
    assert "spacy_doc" not in data
    assert data["countries"] == {"RU": 1}
    assert [s["text"] for s in data["sentences"]] == [doc.text]  # type: ignore[index]
    assert {m.entity_id for m in analysis.linked} == {"p-kju", "p-putin"}


def test_documents_not_analysed_say_why(nlp: Language, index: ScreeningIndex) -> None:
    german = Document(id="de", text="Kim Jong Un traf Putin.", language="de")
    broken = Document(id="x", text="", status=DocumentStatus.UNREADABLE, reason="binary")
    assert analyze(german, index, nlp=nlp).skipped == "language 'de' is not English"
    assert analyze(broken, index, nlp=nlp).skipped == "binary"


def test_analyze_many_keeps_order_and_agrees_with_analyze(
    nlp: Language, index: ScreeningIndex
) -> None:
    docs = [
        Document(id="1", text="Kim Jong Un visited Vladivostok.", language="en"),
        Document(id="2", text="Le texte est en français.", language="fr"),
        Document(id="3", text="The tanker Sea Star (IMO 9179842) left Nakhodka.", language="en"),
    ]
    many = list(analyze_many(docs, index, nlp=nlp, batch_size=2))
    assert [a.doc_id for a in many] == ["1", "2", "3"]
    assert many[1].skipped is not None
    for doc, analysis in zip(docs, many, strict=True):
        single = analyze(doc, index, nlp=nlp)
        assert [m.as_dict() for m in analysis.mentions] == [m.as_dict() for m in single.mentions]
