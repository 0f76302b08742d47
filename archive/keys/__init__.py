"""Matching keys: the leaf helpers every layer shares (models, importer, analysis, search, views).

``names`` turns a name into the key it is matched under; ``urls`` does the same for an article's original URL.
Nothing here imports anything else from ``archive``.
"""
