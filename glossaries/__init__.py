"""The curated glossaries shipped with aligner, installed as the package data
``aligner.glossaries`` (read them with :func:`aligner.glossary.shipped_glossaries`)."""
