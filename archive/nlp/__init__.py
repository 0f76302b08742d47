"""Entity and attribution analysis of article text (spaCy plus our own rules)."""
