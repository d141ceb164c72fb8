"""The language stage: sentences, entities, places → ISO countries, mentions linked to listed
parties.

`analyze(doc, index, options)` runs spaCy's English pipeline (`pipeline.py`) over a `Document`,
finds place names and demonyms with the gazetteer (`places.py`), finds persons, organisations
and vessels and links them to listed entities through the screening index (`mentions.py`), and
returns an `Analysis` (`analyze.py`); `analyze_many` does the same for a stream of documents.
"""
