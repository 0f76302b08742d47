"""Charts: geometry, text alternatives, the timeline query, and how pages are delivered
(compressed HTML, static files cached for a year)."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from archive.charts import Point, bar_chart, nice_ticks
from archive.models import Article
from archive.timeline import bucket_end, timeline, timeline_chart
from tests.factories import make_article


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [(0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (14, [0, 5, 10, 15]), (950, [0, 500, 1000])],
)
def test_nice_ticks(maximum, ticks):
    assert nice_ticks(maximum) == ticks


def test_bars_fill_the_plot_in_order_and_scale_to_the_top_tick():
    chart = bar_chart([("a", 2), ("b", 0), ("c", 4)], title="Things", value_name="things")
    a, b, c = chart.bars
    assert a.x < b.x < c.x
    assert c.y == chart.plot_top and c.height == chart.plot_bottom - chart.plot_top  # 4 is the top tick
    assert a.height == pytest.approx(c.height / 2, abs=0.1)
    assert b.height == 0
    assert c.x + c.width <= chart.plot_right
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4]


def test_description_says_what_the_picture_shows():
    chart = bar_chart([("2019", 3), ("2020", 1_200), ("2021", 5)], title="Per year", value_name="articles")
    assert chart.description == "1,208 articles from 2019 to 2021; the most, 1,200, in 2020."
    assert bar_chart([], title="None", value_name="articles").description == "No articles to show."


def test_many_bars_get_thinned_labels_and_ends_stay_inside():
    chart = bar_chart([(f"Label {i}", i) for i in range(40)], title="Many")
    shown = [b for b in chart.bars if b.show_label]
    assert 4 <= len(shown) <= 8
    assert all(b.label_x >= 0 and b.label_x <= chart.width for b in shown)


def test_caller_can_choose_labelled_bars():
    points = [Point("January 2020", 1, "2020"), Point("February 2020", 2, ""), Point("March 2020", 3, "")]
    assert [b.show_label for b in bar_chart(points, title="x").bars] == [True, False, False]


@pytest.mark.django_db
def test_timeline_counts_months_in_one_query_with_gaps_and_undated():
    make_article("a", published=datetime(2020, 1, 5, tzinfo=UTC))
    make_article("b", published=datetime(2020, 1, 30, tzinfo=UTC))
    make_article("c", published=datetime(2020, 4, 1, tzinfo=UTC))
    make_article("d")
    with CaptureQueriesContext(connection) as queries:
        data = timeline(Article.objects.all())
    assert len(queries) == 1
    assert data.unit == "month"
    assert data.buckets == [(date(2020, 1, 1), 2), (date(2020, 2, 1), 0), (date(2020, 3, 1), 0), (date(2020, 4, 1), 1)]
    assert data.undated == 1


@pytest.mark.django_db
def test_long_spans_count_years_and_filtered_querysets_count_their_rows():
    make_article("old", tags=("Keep",), published=datetime(2001, 6, 1, tzinfo=UTC))
    make_article("new", tags=("Keep",), published=datetime(2010, 6, 1, tzinfo=UTC))
    make_article("other", published=datetime(2005, 6, 1, tzinfo=UTC))
    data = timeline(Article.objects.tagged_all(["keep"]).distinct())
    assert data.unit == "year"
    assert data.buckets[0] == (date(2001, 1, 1), 1) and data.buckets[-1] == (date(2010, 1, 1), 1)
    assert data.total == 2 and len(data.buckets) == 10


def test_bucket_end():
    assert bucket_end(date(2020, 2, 1), "month") == date(2020, 2, 29)
    assert bucket_end(date(2020, 12, 1), "month") == date(2020, 12, 31)
    assert bucket_end(date(2020, 1, 1), "year") == date(2020, 12, 31)


@pytest.mark.django_db
def test_timeline_include_renders_svg_with_text_alternative_and_table():
    make_article("a", published=datetime(2020, 1, 5, tzinfo=UTC))
    make_article("b", published=datetime(2020, 3, 5, tzinfo=UTC))
    make_article("undated")
    chart = timeline_chart(Article.objects.all(), link=lambda first, last: f"/search/?after={first}&before={last}")
    html = render_to_string("archive/includes/timeline.html", {"chart": chart})
    assert 'role="img" aria-labelledby="chart-articles-per-month-title chart-articles-per-month-desc"' in html
    assert '<title id="chart-articles-per-month-title">Articles per month</title>' in html
    assert (
        "2 articles from January 2020 to March 2020; the most, 1, in January 2020. 1 undated article not shown." in html
    )
    assert '<th scope="row"><a href="/search/?after=2020-01-01&amp;before=2020-01-31">January 2020</a></th>' in html
    assert '<th scope="row">February 2020</th><td class="num">0</td>' in html
    assert "style=" not in html and "<script" not in html


def test_comention_include_ranks_and_scales():
    class Named:
        def __init__(self, name):
            self.name = name

        def get_absolute_url(self):
            return f"/entities/{self.name.lower()}/"

        def get_kind_display(self):
            return "Person"

    html = render_to_string("archive/includes/comention.html", {"comentions": [(Named("Low"), 1), (Named("High"), 4)]})
    assert html.index(">High</a>") < html.index(">Low</a>")
    assert 'width="100"' in html and 'width="25"' in html
    assert "4 articles" in html and "1 article<" in html


@pytest.mark.django_db
def test_html_is_compressed(client):
    make_article("a")
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_static_files_are_hashed_and_cached_for_a_year(tmp_path, settings, client):
    from django.core.management import call_command
    from django.templatetags.static import static
    from django.test import Client

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    for name in ("archive/archive.css", "archive/enhance.js"):
        url = static(name)
        assert url != f"/static/{name}", "hashed name"
        response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")  # a new client builds WhiteNoise with these settings
        assert response.status_code == 200
        assert "max-age=31536000" in response["Cache-Control"]
        assert response["Content-Encoding"] == "gzip"
