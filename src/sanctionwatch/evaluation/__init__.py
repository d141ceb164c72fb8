"""Evaluation: labelled sets built from real data, and the measures taken on them.

Main-text extraction: `maintext`.

Screening (docs/evaluation.md): `corpus` reads the list files; `pairs` builds the dev set of name
pairs (`variants` derives spellings, `linking` links parties across lists, `negatives` draws hard
negatives, `resemblance` is the builder's own plain name measure, `tables` its data); `screening`
scores pairs with the engine and computes precision, recall, F1 and the precision-recall curve.
"""
