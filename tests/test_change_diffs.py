"""The change view's diffs (issue 19): their work bounded, their spaces exact, moves, editor's notes, the list
of changes and folding, the tags compared as a set, error pages, and the Atom ids of changes."""

import html
import random
import re
import xml.etree.ElementTree as ET

import pytest

from archive.models import Article
from tests.test_changes import ATOM, FIRST, PORT, SECOND, capture, feed_entries, section

pytestmark = pytest.mark.django_db


def story(title: str, *paragraphs: str, tags: str = "") -> str:
    return "\n\n".join([title, *paragraphs]) + (f"\n\nTAGGED: {tags}\n" if tags else "\n")


def compare(tmp_path, client, old: str, new: str) -> str:
    """The change page between a first capture of ``old`` and a second of ``new``."""
    capture(tmp_path, old, "2024-09-01T00:00:00Z")
    capture(tmp_path, new, "2024-09-02T00:00:00Z")
    response = client.get(f"/articles/{Article.objects.get().pk}/changes/")
    assert response.status_code == 200
    return response.content.decode()


def summary(page: str) -> str:
    found = re.search(r'<p class="change-summary"><strong>Summary:</strong> (.*?)\.</p>', page)
    assert found
    return html.unescape(found.group(1))


def reading(diff: str, side: str) -> str:
    """The text of a diff's HTML as one side reads it: the newer without its <del> runs, the older without its <ins>."""
    hidden = "del" if side == "new" else "ins"
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(rf"<{hidden}>.*?</{hidden}>", "", diff)))


def words(rng: random.Random, n: int, prefix: str = "w") -> str:
    return " ".join(f"{prefix}{rng.randrange(50_000)}" for _ in range(n))


def test_wholly_different_bodies_of_long_paragraphs_are_shown_whole_without_word_diffs(tmp_path, client):
    # Paragraphs past 1,000 words are never weighed against each other word by word: no quadratic work.
    rng = random.Random(19)
    old = [words(rng, 1200) for _ in range(40)]
    new = [words(rng, 1200) for _ in range(40)]
    page = compare(tmp_path, client, story("Long report", *old), story("Long report", *new))
    assert (
        '<p class="notice diff-simplified">Paragraphs of more than 1,000 words are not compared word by word here:'
        " where they differ they are shown removed and added whole.</p>"
    ) in page
    body = section(page, "diff-body")
    assert re.findall(r'<p class="diff-(\w+)"', body) == ["removed"] * 40 + ["added"] * 40
    assert summary(page) == "40 paragraphs removed; 40 paragraphs added"


def test_a_text_too_different_to_weigh_within_the_budget_is_shown_paragraph_by_paragraph(tmp_path, client):
    # 120 paragraphs of 500 words on each side, none alike: each would be weighed against the next 13, about
    # 4 million steps, past the 3 million a comparison may take.
    rng = random.Random(20)
    kept = "The committee met on Monday."
    old = [kept] + [words(rng, 500, "a") for _ in range(120)]
    new = [kept] + [words(rng, 500, "b") for _ in range(120)]
    page = compare(tmp_path, client, story("Report", *old), story("Report", *new))
    assert (
        '<p class="notice diff-simplified">These texts differ too much to compare word by word here: their'
        " paragraphs are shown kept, removed, added and moved, without word diffs.</p>"
    ) in page
    body = section(page, "diff-body")
    # A hundred of each run shown, the rest counted and left to the captures.
    kinds = ["same"] + ["removed"] * 100 + ["cut"] + ["added"] * 100 + ["cut"]
    assert re.findall(r'<p class="diff-(\w+)"', body) == kinds
    # Each shown whole: one run per paragraph, no word diffs.
    assert len(re.findall(r'<p class="diff-removed" id="change-\d+"><del>[^<]*</del></p>', body)) == 100
    assert len(re.findall(r'<p class="diff-added" id="change-\d+"><ins>[^<]*</ins></p>', body)) == 100
    old_capture, new_capture = Article.objects.get().captures.order_by("captured")
    assert re.findall(r'<p class="diff-cut" id="change-\d+">.*?</p>', body) == [
        f'<p class="diff-cut" id="change-101">20 more paragraphs removed, not shown here: read them in <a href="'
        f'{old_capture.get_absolute_url()}" rel="memento">the capture of 1 Sep 2024, 00:00 UTC</a>.</p>',
        f'<p class="diff-cut" id="change-202">20 more paragraphs added, not shown here: read them in <a href="'
        f'{new_capture.get_absolute_url()}" rel="memento">the capture of 2 Sep 2024, 00:00 UTC</a>.</p>',
    ]
    assert summary(page) == "120 paragraphs removed; 120 paragraphs added"


def test_paragraphs_too_repetitive_to_align_within_the_budget_keep_only_the_ends(tmp_path, client):
    # "Advertisement" between every paragraph, on both sides, all else rewritten: difflib's alignment of the
    # paragraphs alone took 25 s; within the budget it stops, keeping the paragraphs both texts begin and end with.
    old = ["The committee met on Monday."]
    new = list(old)
    for n in range(1000):
        old += [f"Old item {n} of the minutes.", "Advertisement"]
        new += [f"New item {n} of the minutes.", "Advertisement"]
    old.append("The meeting closed at noon.")
    new.append("The meeting closed at noon.")
    page = compare(tmp_path, client, story("Minutes", *old), story("Minutes", *new))
    assert 'class="notice diff-simplified">These texts differ too much to compare word by word here' in page
    kinds = re.findall(r'<p class="diff-(\w+)"', section(page, "diff-body"))
    assert kinds == ["same"] + ["removed"] * 100 + ["cut"] + ["added"] * 100 + ["cut"] + ["same"] * 2
    assert summary(page) == "1999 paragraphs removed; 1999 paragraphs added"


def test_a_paragraph_of_1000_words_is_still_compared_word_by_word_and_one_of_1001_is_not(tmp_path, client):
    rng = random.Random(21)
    long = words(rng, 998)  # with "Friday" and "." 1,000 words and marks
    page = compare(tmp_path, client, story("Speech", long + " Friday."), story("Speech", long + " Thursday."))
    assert "diff-simplified" not in page
    assert f'<p class="diff-edited" id="change-1">{long} <del>Friday</del><ins>Thursday</ins>.</p>' in page
    assert summary(page) == "1 paragraph edited"

    Article.objects.all().delete()
    page = compare(tmp_path, client, story("Speech", long + " on Friday."), story("Speech", long + " on Thursday."))
    assert 'class="notice diff-simplified">Paragraphs of more than 1,000 words' in page
    assert re.findall(r'<p class="diff-(\w+)"', section(page, "diff-body")) == ["removed", "added"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Police said the road would stay closed for a week.", "said the road would stay closed for a week."),
        ("said the road would stay closed for a week.", "Police said the road would stay closed for a week."),
        ("The road would stay closed for a whole week.", "The road would stay closed for a week."),
        ("The council will vote on Friday.", "The council will vote on Thursday."),
        ("Lima said the port would reopen on Tuesday.", "Lima, Tom Berg said the port would reopen on Tuesday ."),
    ],
)
def test_each_side_of_a_word_diff_reads_exactly_as_its_text(tmp_path, client, old, new):
    page = compare(tmp_path, client, story("Road closed", old), story("Road closed for a week", new))
    edited = re.search(r'<p class="diff-edited"[^>]*>(.*?)</p>', page)
    assert edited, page
    assert (reading(edited.group(1), "new"), reading(edited.group(1), "old")) == (new, old)
    title = section(page, "diff-headline").removeprefix('<p class="diff diff-title">').removesuffix("</p>")
    assert (reading(title, "new"), reading(title, "old")) == ("Road closed for a week", "Road closed")


def test_tags_differing_only_in_order_or_case_are_no_visible_change(tmp_path, client):
    text = ("Vote delayed", "The vote was delayed.")
    page = compare(
        tmp_path,
        client,
        story(*text, tags="Transport, City Hall"),
        story(*text, tags="city hall, TRANSPORT") + "\nShare this article\n",
    )
    article = Article.objects.get()
    assert article.captures.count() == 2
    assert summary(page) == "no visible change"
    assert '<p class="change-count">No capture of this article changed what a reader sees.</p>' in page
    assert "since first captured" not in client.get(article.get_absolute_url()).content.decode()
    assert feed_entries(client, f"/feeds/changes/articles/{article.pk}/") == []


def test_a_paragraph_moved_unchanged_is_shown_moved_and_a_moved_note_is_not_a_note_added(tmp_path, client):
    note = "Correction: An earlier version of this article misstated the date of the vote."
    page = compare(
        tmp_path,
        client,
        story("Vote delayed", note, "The vote was delayed.", "Members left early."),
        story("Vote delayed", "The vote was delayed.", "Members left early.", note),
    )
    assert summary(page) == "1 paragraph moved"
    assert section(page, "diff-body") == (
        '<div class="diff diff-body">\n'
        '  <p class="diff-same">The vote was delayed.</p>\n'
        '  <p class="diff-same">Members left early.</p>\n'
        f'  <p class="diff-moved" id="change-1">{note} <span class="unchanged">(moved)</span></p>\n'
        "  </div>"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A note taken out, or rewritten, is named as such, not counted as a paragraph.
        (["Correction: The vote is on Friday."], [], "correction removed"),
        (["Update: The vote moved to Friday."], ["Update: The vote moved to Thursday evening."], "update note changed"),
        (["The vote moved to Friday."], ["Update: The vote moved to Friday evening."], "update note added"),
        # Only a note's shape makes a note: a label with a colon, a bracket, a dash or a date, or the sentences
        # newsrooms open notes with.
        ([], ["Updated figures show the deficit grew."], "1 paragraph added"),
        ([], ["Corrections officers said the jail was full."], "1 paragraph added"),
        ([], ["Updated at 14:05 GMT: the vote was postponed."], "update note added"),
        ([], ["UPDATE (3 p.m.): The vote was postponed."], "update note added"),
        ([], ["This article was updated to include the vote."], "update note added"),
        ([], ["Correction, March 3, 2024: The vote is on Friday."], "correction added"),
        ([], ["[Editor's note: names were changed.]"], "editor's note added"),
        # Words that only begin like a month or a day, a bare number or a month alone are no date; "this"
        # must name the piece; a retraction needs a colon, a bracket or a dash (the review's false notes).
        ([], ["Updated satellite images show the damage."], "1 paragraph added"),
        ([], ["Updated monthly figures show the deficit grew."], "1 paragraph added"),
        ([], ["Updated thunderstorm warnings were issued."], "1 paragraph added"),
        ([], ["Updated decision rules apply."], "1 paragraph added"),
        ([], ["Update, markets fell sharply."], "1 paragraph added"),
        ([], ["Retraction decisions are rare."], "1 paragraph added"),
        ([], ["Correction marches continued."], "1 paragraph added"),
        ([], ["An earlier version of this year's budget was rejected."], "1 paragraph added"),
        ([], ["Updated 2024 figures show growth."], "1 paragraph added"),
        ([], ["Updated March figures show growth."], "1 paragraph added"),
        ([], ["Retraction, March 3: the report was false."], "1 paragraph added"),
        ([], ["Updated Sept. 3 to add the vote."], "update note added"),
        ([], ["Updated Thurs. with the result of the vote."], "update note added"),
        ([], ["Updated 3 March 2024 with the result of the vote."], "update note added"),
        ([], ["Updated at 9.30 with the result of the vote."], "update note added"),
        ([], ["Retraction: the report was false."], "retraction added"),
        ([], ["An earlier version of this photo caption misnamed the mayor."], "correction added"),
        # Notes of one kind are counted.
        (
            ["A is here.", "Correction: the vote is Friday.", "B is here."],
            ["A is here.", "B is here.", "Correction: the vote is Thursday.", "Correction: the mayor is Jane."],
            "correction removed; 2 corrections added",
        ),
        ([], ["Update: the vote is Friday.", "Update: the mayor is Jane."], "2 update notes added"),
    ],
)
def test_editors_notes_added_removed_and_changed_are_named(tmp_path, client, old, new, expected):
    kept = "The council met on Monday and talked for an hour."
    page = compare(tmp_path, client, story("Council meets", kept, *old), story("Council meets", kept, *new))
    assert summary(page) == expected


def test_a_list_of_changes_leads_to_each_and_long_unchanged_runs_are_folded(tmp_path, client):
    kept = [f"Paragraph {n} of the report, which nobody changed." for n in range(1, 11)]
    new = [*kept[:7], "Paragraph 8 of the report, which the editors changed.", *kept[8:]]
    page = compare(tmp_path, client, story("Report", *kept), story("Annual report", *new))
    assert (
        '<nav class="change-list" aria-labelledby="change-list-heading"><h2 id="change-list-heading">Changes</h2>\n'
        '  <ol><li><a href="#diff-headline">Headline changed</a></li>'
        '<li><a href="#change-1">Paragraph edited: “Paragraph 8 of the report, which the editors…”</a></li></ol>\n'
        "</nav>"
    ) in page
    same = [f'<p class="diff-same">{p}</p>' for p in kept]
    assert section(page, "diff-body") == (
        '<div class="diff diff-body">\n'
        '  <details class="diff-folded"><summary>6 unchanged paragraphs</summary>\n'
        + "".join(f"  {p}\n" for p in same[:6])
        + "  </details>\n"
        f"  {same[6]}\n"
        '  <p class="diff-edited" id="change-1">Paragraph 8 of the report, which <del>nobody</del><ins>the'
        " editors</ins> changed.</p>\n"
        f"  {same[8]}\n"
        f"  {same[9]}\n"
        "  </div>"
    )


@pytest.mark.parametrize(("query", "status"), [("?from=abc", 400), ("?to=987654", 404)])
def test_error_pages_show_no_comparison_nor_its_counts(tmp_path, client, query, status):
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    capture(tmp_path, SECOND, "2024-03-03T12:30:00Z")
    response = client.get(f"/articles/{Article.objects.get().pk}/changes/{query}")
    assert response.status_code == status
    page = response.content.decode()
    assert '<p class="notice error" role="alert">' in page and '<form class="capture-picker"' in page
    for shown in ('class="change-count"', 'class="change-list"', 'class="change-sides"', "Summary:"):
        assert shown not in page, shown


def test_each_change_has_one_atom_id_in_every_feed_and_different_changes_different_ids(tmp_path, client):
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    capture(tmp_path, SECOND, "2024-03-03T12:30:00Z")
    capture(tmp_path, SECOND.replace("on Friday", "on Thursday"), "2024-03-05T10:00:00Z")
    article = Article.objects.get()
    first, second, third = article.captures.order_by("captured")
    ids = [
        [e.findtext(f"{ATOM}id") for e in feed_entries(client, url)]
        for url in (
            f"/feeds/changes/articles/{article.pk}/",
            f"/feeds/changes/sources/{article.source.slug}/",
            "/feeds/changes/tags/transport/",
        )
    ]
    expected = [
        f"tag:testserver,2024-03-05:changes/articles/{article.pk}/captures/{second.pk}-{third.pk}",
        f"tag:testserver,2024-03-03:changes/articles/{article.pk}/captures/{first.pk}-{second.pk}",
    ]
    assert ids == [expected] * 3


@pytest.mark.parametrize(
    ("allowed", "configured", "authority"),
    [
        (["127.0.0.1", "[::1]", ".archive.example", "www.archive.example"], "", "archive.example"),
        (["127.0.0.1", "[::1]", "www.archive.example"], "Archive.Example", "archive.example"),
        (["127.0.0.1", "[::1]", "*"], "", "localhost"),
    ],
)
def test_atom_ids_are_tags_of_one_dns_name_whatever_host_the_feed_is_read_at(
    tmp_path, client, settings, allowed, configured, authority
):
    settings.ALLOWED_HOSTS, settings.FEED_ID_AUTHORITY = allowed, configured.strip().lower()
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    capture(tmp_path, SECOND, "2024-03-03T12:30:00Z")
    article = Article.objects.get()
    first, second = article.captures.order_by("captured")
    expected = f"tag:{authority},2024-03-03:changes/articles/{article.pk}/captures/{first.pk}-{second.pk}"
    for host in ("127.0.0.1", "[::1]", "www.archive.example"):
        response = client.get(f"/feeds/changes/articles/{article.pk}/", HTTP_HOST=host)
        assert response.status_code == 200, host
        assert [e.findtext(f"{ATOM}id") for e in ET.fromstring(response.content).iter(f"{ATOM}entry")] == [expected], (
            host
        )


def test_a_feed_of_changes_diffs_all_its_entries_on_one_budget(tmp_path, client):
    # The newest change is two huge texts with nothing alike (240 paragraphs of 500 words: weighing each against
    # the next 13 would take about 8 million steps), which spends the feed's whole budget of 6 million; the
    # older one, a word changed, is then summarised paragraph by paragraph, as its own page, with a budget
    # of its own, is not.
    rng = random.Random(22)
    kept = "The committee met on Monday."
    huge = [kept] + [words(rng, 500, "a") for _ in range(240)]
    edited = [*huge[:120], huge[120] + " Later.", *huge[121:]]
    rewritten = [kept] + [words(rng, 500, "b") for _ in range(240)]
    capture(tmp_path, story("Report", *huge), "2024-09-01T00:00:00Z")
    capture(tmp_path, story("Report", *edited), "2024-09-02T00:00:00Z")
    capture(tmp_path, story("Report", *rewritten), "2024-09-03T00:00:00Z")
    article = Article.objects.get()
    first, second, _ = article.captures.order_by("captured")
    titles = [e.findtext(f"{ATOM}title") for e in feed_entries(client, f"/feeds/changes/articles/{article.pk}/")]
    assert titles == [
        "Report: 240 paragraphs removed; 240 paragraphs added",
        "Report: 1 paragraph removed; 1 paragraph added",
    ]
    page = client.get(f"/articles/{article.pk}/changes/?from={first.pk}&to={second.pk}").content.decode()
    assert summary(page) == "1 paragraph edited"


def test_a_summary_names_ten_tags_and_counts_the_rest(tmp_path, client):
    added = "".join(f'<meta property="article:tag" content="Topic {n:02d}">' for n in range(13))
    later = PORT.replace("</head>", added + "</head>")
    capture(tmp_path, PORT, "2024-04-01T08:00:00Z", url="https://harbour.example/port", html=True)
    capture(tmp_path, later, "2024-04-01T20:15:00Z", url="https://harbour.example/port", html=True)
    article = Article.objects.get()
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    names = ", ".join(f"Topic {n:02d}" for n in range(10))
    assert f"<strong>Summary:</strong> tags added: {names} and 3 more.</p>" in page
