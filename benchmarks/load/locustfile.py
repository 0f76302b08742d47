"""Readers of the archive, for locust: 60% article pages, 20% searches, 10% tag
and entity pages, 10% API calls.

Popularity is skewed the way news traffic is: a few recent stories and
common words take most requests (rank = N * u^4: the top 1% of articles get
about a third of article views), which is what lets a page cache pay off.
The targets (article paths, tags, entities, words) come from a JSON file that
run_load.py writes from the database under test (LOAD_TARGETS).
"""

from __future__ import annotations

import json
import os
import random

from locust import FastHttpUser, constant, task

with open(os.environ["LOAD_TARGETS"], encoding="utf-8") as fh:
    TARGETS = json.load(fh)
API_ARTICLES = TARGETS.get("api_articles", "/api/articles/")  # "/statements.json" when there is no API


def popular(items: list):
    """An item drawn with a power-law popularity: items are ordered most popular first."""
    return items[int(len(items) * random.random() ** 4)]


class Reader(FastHttpUser):
    # No think time: each simulated reader asks again as soon as it is answered,
    # so the figures are what the server sustains at saturation.
    wait_time = constant(0)

    @task(60)
    def article(self):
        pk, path = popular(TARGETS["articles"])
        self.client.get(path, name="article")

    @task(20)
    def search(self):
        self.client.get(f"/search/?q={popular(TARGETS['words'])}", name="search")

    @task(5)
    def tag(self):
        self.client.get(f"/tags/{popular(TARGETS['tags'])}/", name="tag")

    @task(5)
    def entity(self):
        self.client.get(f"/entities/{popular(TARGETS['entities'])}/", name="entity")

    @task(10)
    def api(self):
        if API_ARTICLES == "/statements.json":
            self.client.get("/statements.json", name="api")
        elif random.random() < 0.5:
            pk, _ = popular(TARGETS["articles"])
            self.client.get(f"{API_ARTICLES}{pk}/", name="api")
        else:
            self.client.get(f"{API_ARTICLES}?q={popular(TARGETS['words'])}", name="api")
