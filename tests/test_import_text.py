"""Importing scraped text pages: the sample's exact fields, bad input, summaries."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Capture, Entity

pytestmark = pytest.mark.django_db


def run_import(*paths, expect_exit=None, **options):
    out, err = StringIO(), StringIO()
    options.setdefault("no_analyze", True)
    if expect_exit is None:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    else:
        with pytest.raises(SystemExit) as exit_info:
            call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
        assert exit_info.value.code == expect_exit
    return out.getvalue(), err.getvalue()


def test_sample_page_is_stored_with_its_exact_fields(sample_path):
    out, err = run_import(sample_path)
    assert out == "1 imported, 0 unchanged, 0 updated, 0 failed\n"
    assert err == ""
    article = Article.objects.get()
    assert article.title == "ISIS amasses 5,000 fighters on Afghan border with CARs: Russian official"
    assert article.source.name == "HOA"
    assert article.byline == "By HOA"
    assert [(a.entity.name, a.entity.kind) for a in article.authorships.all()] == [("HOA", Entity.Kind.ORGANIZATION)]
    assert article.read_time == 3
    assert article.read_time_stated is True
    assert article.published is None
    # The file holds 12 paragraphs between the header and the page furniture.
    paragraphs = article.paragraphs
    assert len(paragraphs) == 12
    assert paragraphs[0].startswith("A top Russian security official has claimed")
    assert paragraphs[-1].endswith("probably within the year.”")
    assert not any("Leave a" in p or "TAGGED" in p or "Share This" in p for p in paragraphs)
    assert list(article.tags.all()) == []
    assert article.comments == "open"
    assert article.accepts_comments is False
    capture = article.captures.get()
    assert bytes(capture.raw) == sample_path.read_bytes()
    assert capture.format == Capture.Format.TEXT


def test_reimporting_identical_bytes_changes_nothing(sample_path):
    run_import(sample_path)
    before = list(Capture.objects.values_list("pk", "sha256", "captured"))
    out, _ = run_import(sample_path)
    assert out == "0 imported, 1 unchanged, 0 updated, 0 failed\n"
    assert list(Capture.objects.values_list("pk", "sha256", "captured")) == before
    assert Article.objects.count() == 1


def test_title_and_paragraphs_only(tmp_path):
    page = tmp_path / "plain.txt"
    page.write_text("A plain headline\n\nFirst paragraph here.\n\nSecond paragraph,\nwrapped over two lines.\n")
    run_import(page)
    article = Article.objects.get()
    assert article.title == "A plain headline"
    assert article.paragraphs == ["First paragraph here.", "Second paragraph, wrapped over two lines."]
    assert article.byline == ""
    assert article.authorships.count() == 0
    assert article.comments == "unknown"
    assert article.word_count == 9
    assert (article.read_time, article.read_time_stated) == (1, False)


def test_tags_after_tagged_heading_and_closed_comments(tmp_path):
    page = tmp_path / "tagged.txt"
    page.write_text(
        "Headline\n\nSite\nBy Ann Lee and Bo Chen\n\nBody text.\n\nTAGGED:\nISIS\nAfghanistan, Russia\n"
        "Share This Article\nComments are closed.\n"
    )
    run_import(page)
    article = Article.objects.get()
    assert article.source.name == "Site"
    assert [a.entity.name for a in article.authorships.all()] == ["Ann Lee", "Bo Chen"]
    assert {a.entity.kind for a in article.authorships.all()} == {Entity.Kind.PERSON}
    assert sorted(t.name for t in article.tags.all()) == ["Afghanistan", "ISIS", "Russia"]
    assert article.paragraphs == ["Body text."]
    assert article.comments == "closed"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n  \n", "empty file"),
        (b"Caf\xe9 headline\n\nBody\n", "not UTF-8 (invalid byte at offset 3) and no declared encoding"),
        (b"x" * 400 + b"\n\nbody\n", "no title found (first line is 400 characters long)"),
        (b"Headline only\n", "no article text found"),
    ],
)
def test_bad_input_gets_one_clear_line_and_others_still_import(tmp_path, sample_path, content, reason):
    bad = tmp_path / "a_bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "b_good.txt"
    good.write_bytes(sample_path.read_bytes())
    out, err = run_import(tmp_path, expect_exit=1)
    assert err == f"error: {bad}: {reason}\n"
    assert out == "1 imported, 0 unchanged, 0 updated, 1 failed\n"
    assert Article.objects.count() == 1


def test_declared_encoding_is_honoured_and_the_declaration_is_not_content(tmp_path):
    page = tmp_path / "latin.txt"
    page.write_bytes(b"# -*- coding: latin-1 -*-\nCaf\xe9 society returns\n\nThe caf\xe9s reopened.\n")
    run_import(page)
    article = Article.objects.get()
    assert (article.title, article.paragraphs) == ("Caf\u00e9 society returns", ["The caf\u00e9s reopened."])


def test_a_declaration_on_the_second_line_is_not_body_text(tmp_path):
    page = tmp_path / "latin.txt"
    page.write_bytes(b"Caf\xe9 society returns\n-*- coding: latin-1 -*-\n\nThe caf\xe9s reopened.\n")
    run_import(page)
    assert Article.objects.get().paragraphs == ["The caf\u00e9s reopened."]


def test_an_unknown_declared_encoding_is_an_error_not_utf8(tmp_path):
    page = tmp_path / "klingon.txt"
    page.write_bytes(b"# -*- coding: klingon -*-\nA headline\n\nPlain ASCII body.\n")
    out, err = run_import(page, expect_exit=1)
    assert err == f"error: {page}: declares unknown encoding 'klingon'\n"
    assert Article.objects.count() == 0


def test_a_headline_mentioning_encoding_stays_the_title(tmp_path):
    page = tmp_path / "story.txt"
    page.write_bytes(b"Encoding: how the archive reads old pages\n\nBody text.\n")
    run_import(page)
    assert Article.objects.get().title == "Encoding: how the archive reads old pages"


def test_unreadable_json_line_is_named_and_the_rest_import(tmp_path, sample_path):
    run_import(sample_path)
    export = tmp_path / "export.jsonl"
    call_command("export_articles", output=str(export), stderr=StringIO())
    good_line = export.read_text()
    Article.objects.all().delete()
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"identifier": "x", "oops\n' + good_line)
    out, err = run_import(broken, expect_exit=1)
    assert err.startswith(f"error: {broken}: line 1: unreadable JSON (")
    assert out == "1 imported, 0 unchanged, 0 updated, 1 failed\n"


def test_missing_path_is_reported(tmp_path):
    out, err = run_import(tmp_path / "nope.txt", expect_exit=1)
    assert err == f"error: {tmp_path / 'nope.txt'}: cannot read (No such file or directory)\n"


def test_url_option_files_the_page_under_its_original_url(sample_path):
    run_import(sample_path, url="https://hoa.example/isis-amasses")
    article = Article.objects.get()
    assert article.url == "https://hoa.example/isis-amasses"
    assert article.identifier == "hoa.example/isis-amasses"
    assert article.source.domain == "hoa.example"


def test_a_broken_symbolic_link_in_a_folder_is_reported(tmp_path, sample_path):
    (tmp_path / "good.txt").write_bytes(sample_path.read_bytes())
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    out, err = run_import(tmp_path, expect_exit=1)
    assert err == f"error: {tmp_path / 'gone.txt'}: broken symbolic link (to {tmp_path / 'nowhere.txt'})\n"
    assert out == "1 imported, 0 unchanged, 0 updated, 1 failed\n"


def test_ctrl_c_ends_with_one_line_and_a_rerun_resumes(tmp_path, monkeypatch):
    from archive.ingest.runner import Importer

    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}\n\nParagraph of story {n}.\n")
    real = Importer.import_file
    calls = []

    def interrupted(self, path):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, path)

    monkeypatch.setattr(Importer, "import_file", interrupted)
    out, err = run_import(tmp_path, expect_exit=130)
    assert out == ""
    assert err == (
        "interrupted: 2 imported, 0 unchanged, 0 updated, 0 failed so far; run the same command again to resume\n"
    )
    monkeypatch.setattr(Importer, "import_file", real)
    out, err = run_import(tmp_path)
    assert out == "1 imported, 2 unchanged, 0 updated, 0 failed\n"
    assert Article.objects.count() == 3


def test_a_rerun_analyses_what_an_earlier_run_stored_but_did_not_analyse(sample_path):
    from archive.nlp.analyzer import ANALYZER_VERSION

    run_import(sample_path)  # as if analysis had been interrupted: stored, not analysed
    assert Article.objects.get().analyzed_version != ANALYZER_VERSION
    out, _ = run_import(sample_path, no_analyze=False)
    assert out == "0 imported, 1 unchanged, 0 updated, 0 failed\n"
    article = Article.objects.get()
    assert article.analyzed_version == ANALYZER_VERSION
    assert article.mentions.exists()


def test_an_article_the_analysis_fails_on_stays_pending_and_the_others_are_analysed(tmp_path, monkeypatch, caplog):
    from archive.nlp import statements
    from archive.nlp.analyzer import ANALYZER_VERSION

    real = statements.extract

    def fails_on_one(doc, clusters):
        if "Unreadable" in doc.text:
            raise AttributeError("a rule met a parse it did not expect")
        return real(doc, clusters)

    monkeypatch.setattr(statements, "extract", fails_on_one)
    for n, title in enumerate(["First story", "Unreadable story", "Third story"]):
        (tmp_path / f"{n}.txt").write_text(f"{title}\n\nJane Roe said the council met on Monday.\n", encoding="utf-8")
    out, _ = run_import(tmp_path, no_analyze=False)
    assert out == "3 imported, 0 unchanged, 0 updated, 0 failed\n"
    versions = dict(Article.objects.values_list("title", "analyzed_version"))
    assert versions["First story"] == versions["Third story"] == ANALYZER_VERSION
    assert versions["Unreadable story"] != ANALYZER_VERSION
    assert Article.objects.get(title="Third story").statements.count() == 1
    failed = Article.objects.get(title="Unreadable story")
    assert [r.getMessage() for r in caplog.records if r.name == "archive.nlp.store"] == [
        f"article {failed.pk}: analysis failed; it keeps its old analysis and stays pending"
    ]
