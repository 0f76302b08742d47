"""The change view's work on huge texts (issue 19 review): every weighing of two paragraphs and every word
split is charged to the budget, words are split no further than a paragraph compared word by word may
have, the page cuts long runs of paragraphs changed alike and the list of changes short, and a list of
changes (a feed, the API) counts the paragraphs of a change once its budget is spent."""

import re
from datetime import UTC, datetime

import pytest

from archive.changes import visible_changes
from archive.changes.diff import MAX_WORDS, STEP_BUDGET, TOKEN_STEPS, WEIGH_STEPS, Budget, paragraph_diff
from archive.models import Capture
from tests.test_change_diffs import compare, story, summary
from tests.test_changes import section

pytestmark = pytest.mark.django_db

# The review's page, at half its size: 20,000 one-word paragraphs replaced by 20,000 of four words. Told
# apart by their lengths alone, each weighed against the next 13: 260,000 weighings, once free.
OLD = [f"w{n}" for n in range(20_000)]
NEW = [f"n{n} a b c" for n in range(20_000)]


def test_many_short_paragraphs_replaced_spend_the_budget_and_the_page_shows_runs_and_list_cut_short(tmp_path, client):
    page = compare(tmp_path, client, story("Big", *OLD), story("Big", *NEW))
    assert (
        '<p class="notice diff-simplified">These texts differ too much to compare word by word here: their'
        " paragraphs are shown kept, removed, added and moved, without word diffs.</p>"
    ) in page
    assert summary(page) == "20000 paragraphs removed; 20000 paragraphs added"
    body = section(page, "diff-body")
    assert re.findall(r'<p class="diff-(\w+)"', body) == ["removed"] * 100 + ["cut"] + ["added"] * 100 + ["cut"]
    assert '<p class="diff-cut" id="change-101">19,900 more paragraphs removed, not shown here:' in body
    assert '<p class="diff-cut" id="change-202">19,900 more paragraphs added, not shown here:' in body
    entries = re.findall(r'<li><a href="#([\w-]+)">', page.split('<nav class="change-list"')[1].split("</nav>")[0])
    assert entries == ["change-1", *(f"change-{n}" for n in range(2, 201))]
    assert '<li class="more">and 2 more</li></ol>' in page


def test_each_weighing_and_each_word_split_is_charged_and_a_long_paragraph_is_split_no_further():
    budget = Budget()
    text = paragraph_diff(("a " * 100_000,), ("b " * 100_000,), budget)
    assert text.simplified == "long"
    assert [p.kind for p in text.paragraphs] == ["removed", "added"]
    # Aligning the two paragraphs (4 steps to set up, 1 to search), one weighing, and each paragraph split
    # into MAX_WORDS + 1 words, not 100,000.
    assert STEP_BUDGET - budget.left == 5 + WEIGH_STEPS + 2 * TOKEN_STEPS * (1 + MAX_WORDS + 1)


def test_a_list_of_changes_counts_the_paragraphs_of_those_past_its_budget():
    bodies = [OLD, NEW, [p + " x" for p in OLD], [p + " y" for p in NEW]]
    captures = [
        Capture(
            pk=n + 1, article_id=1, captured=datetime(2024, 1, n + 1, tzinfo=UTC), fields={"title": "Big", "body": b}
        )
        for n, b in enumerate(bodies)
    ]
    changes = visible_changes(captures)
    assert [c.summary for c in changes] == ["20000 paragraphs removed; 20000 paragraphs added"] * 3
    # The first weighed in full (3.9 million steps of the 6 million), the second spent the rest and was
    # shown paragraph by paragraph (40,000 of the 50,000 paragraphs a list may show so), the third counted.
    assert [c.text.simplified for c in changes] == ["", "budget", "counted"]
    assert [len(c.paragraphs) for c in changes] == [40_000, 40_000, 0]
