"""Citations: citation_* meta tags, and BibTeX, RIS and CSL-JSON parsed back."""

import json
import re
from datetime import UTC, datetime

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2023, 6, 5, 9, 30, tzinfo=UTC)
CAPTURED = datetime(2024, 2, 29, 18, 0, tzinfo=UTC)


@pytest.fixture
def article():
    return make_article(
        "Budget & taxes: 50% of {everything}_now",
        url="https://example.org/budget?x=1",
        source="The Daily Example",
        authors=("Jane Roe", "John Q. Public"),
        published=PUBLISHED,
        captured=CAPTURED,
    )


def download(client, article, ext, **params):
    response = client.get(f"/articles/{article.pk}/cite.{ext}", params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="article-{article.pk}.{ext}"'
    return response


def archive_url(article):
    return f"http://testserver/articles/{article.pk}/captures/{article.captures.get().pk}/"


# --- a small BibTeX reader: one entry, braced values, LaTeX escapes undone ---

_UNESCAPE = {r"\textbackslash{}": "\\", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~"}


def parse_bibtex(text):
    match = re.fullmatch(r"@(\w+)\{([^,]+),\n(.*)\n\}\n", text, re.S)
    assert match, text
    kind, key, body = match.groups()
    fields, i = {}, 0
    while i < len(body):
        m = re.compile(r"\s*(\w+) = \{").match(body, i)
        assert m, body[i:]
        depth, j = 1, m.end()
        while depth:
            if body[j] == "\\":
                j += 2
                continue
            depth += {"{": 1, "}": -1}.get(body[j], 0)
            j += 1
        value = body[m.end() : j - 1]
        for escaped, plain in _UNESCAPE.items():
            value = value.replace(escaped, plain)
        fields[m.group(1)] = re.sub(r"\\([{}&%$#_])", r"\1", value)
        i = j + 1 if body[j : j + 1] == "," else j
    return kind, key, fields


def test_bibtex(client, article):
    response = download(client, article, "bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    kind, key, fields = parse_bibtex(response.content.decode())
    assert kind == "online"
    assert key == f"Roe2023-{article.pk}"
    assert fields == {
        "title": "Budget & taxes: 50% of {everything}_now",
        "author": "Roe, Jane and Public, John Q.",
        "journaltitle": "The Daily Example",
        "date": "2023-06-05",
        "url": "https://example.org/budget?x=1",
        "urldate": "2024-02-29",
        "archiveurl": archive_url(article),
        "archivedate": "2024-02-29",
        "howpublished": "Newsroom Archive, archived copy",
        "note": f"Archived at \\url{{{archive_url(article)}}}, captured 2024-02-29",
        "langid": "en",
    }


def test_bibtex_organization_author_stays_whole(client):
    article = make_article("Org story", source="HOA", authors=("HOA",), published=PUBLISHED)
    _, _, fields = parse_bibtex(download(client, article, "bib").content.decode())
    assert fields["author"] == "{HOA}"


def parse_ris(text):
    assert text.endswith("ER  - \r\n")
    records = []
    for line in text.split("\r\n")[:-1]:
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert m, line
        records.append(m.groups())
    return records


def test_ris(client, article):
    response = download(client, article, "ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert parse_ris(response.content.decode()) == [
        ("TY", "NEWS"),
        ("TI", "Budget & taxes: 50% of {everything}_now"),
        ("AU", "Roe, Jane"),
        ("AU", "Public, John Q."),
        ("T2", "The Daily Example"),
        ("PY", "2023"),
        ("DA", "2023/06/05"),
        ("UR", "https://example.org/budget?x=1"),
        ("UR", archive_url(article)),
        ("Y2", "2024/02/29"),
        ("DB", "Newsroom Archive"),
        ("N1", f"Archived copy: {archive_url(article)}, captured 2024-02-29"),
        ("LA", "en"),
        ("ER", ""),
    ]


def test_csl_json(client, article):
    response = download(client, article, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    [item] = json.loads(response.content)
    assert item == {
        "id": f"Roe2023-{article.pk}",
        "type": "article-newspaper",
        "title": "Budget & taxes: 50% of {everything}_now",
        "author": [{"family": "Roe", "given": "Jane"}, {"family": "Public", "given": "John Q."}],
        "container-title": "The Daily Example",
        "publisher": "The Daily Example",
        "issued": {"date-parts": [[2023, 6, 5]]},
        "accessed": {"date-parts": [[2024, 2, 29]]},
        "URL": "https://example.org/budget?x=1",
        "archive": "Newsroom Archive",
        "archive_location": archive_url(article),
        "note": f"Archived copy: {archive_url(article)}, captured 2024-02-29",
        "language": "en",
    }


def test_a_chosen_capture_is_cited(client, article):
    make_article("Budget, later", url="https://example.org/budget?x=1", captured=datetime(2024, 5, 1, tzinfo=UTC))
    old, new = article.captures.order_by("captured")
    [newest] = json.loads(download(client, article, "json").content)
    assert newest["accessed"] == {"date-parts": [[2024, 5, 1]]}
    [chosen] = json.loads(download(client, article, "json", capture=old.pk).content)
    assert chosen["accessed"] == {"date-parts": [[2024, 2, 29]]}
    assert chosen["archive_location"] == f"http://testserver/articles/{article.pk}/captures/{old.pk}/"


def test_unknown_format_and_article_are_404(client, article):
    assert client.get(f"/articles/{article.pk}/cite.txt").status_code == 404
    assert client.get(f"/articles/{article.pk + 1}/cite.bib").status_code == 404


def test_article_page_carries_citation_meta_tags_and_links(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    head = page.split("</head>")[0]
    metas = re.findall(r'<meta name="(citation_\w+)" content="([^"]*)">', head)
    assert metas == [
        ("citation_title", "Budget &amp; taxes: 50% of {everything}_now"),
        ("citation_author", "Jane Roe"),
        ("citation_author", "John Q. Public"),
        ("citation_publication_date", "2023/06/05"),
        ("citation_journal_title", "The Daily Example"),
        ("citation_publisher", "The Daily Example"),
        ("citation_language", "en"),
        ("citation_public_url", archive_url(article)),
        ("citation_archive_date", "2024/02/29"),
        ("citation_original_url", "https://example.org/budget?x=1"),
    ]
    capture = article.captures.get()
    for ext in ("bib", "ris", "json"):
        assert f'href="/articles/{article.pk}/cite.{ext}?capture={capture.pk}" download>' in page


def test_article_page_shows_a_readable_citation_naming_the_archived_copy(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<p class="citation-text">Roe, Jane and Public, John Q. “Budget &amp; taxes: 50% of {everything}_now.” '
        "The Daily Example, 5 June 2023. Originally published at https://example.org/budget?x=1. "
        f"Archived by Newsroom Archive, captured 29 February 2024: {archive_url(article)}</p>"
    ) in page


def test_citations_give_the_publishers_own_day(client):
    # 22:43 on 19 November in New York is 03:43 UTC on the 20th: the citation says the 19th.
    evening = make_article(
        "Evening vote", published=datetime(2019, 11, 20, 3, 43, tzinfo=UTC), published_offset=-300, captured=CAPTURED
    )
    _, key, fields = parse_bibtex(download(client, evening, "bib").content.decode())
    assert (key, fields["date"]) == (f"Roe2019-{evening.pk}", "2019-11-19")
    assert ("DA", "2019/11/19") in parse_ris(download(client, evening, "ris").content.decode())
    [item] = json.loads(download(client, evening, "json").content)
    assert item["issued"] == {"date-parts": [[2019, 11, 19]]}
    undated_offset = make_article("Same instant, no zone", published=datetime(2019, 11, 20, 3, 43, tzinfo=UTC))
    [item] = json.loads(download(client, undated_offset, "json").content)
    assert item["issued"] == {"date-parts": [[2019, 11, 20]]}
