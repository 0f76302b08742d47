from collections import Counter

from django.shortcuts import get_object_or_404, redirect, render

from archive.annotate import Mark, render_paragraphs
from archive.changes import visible_changes
from archive.forms import ArticleViewForm
from archive.models import Article, Capture, Entity
from archive.paging import IdsFirst

from .memento import capture_memento, newest_memento
from .pagination import paginate


def article_list(request):
    page = paginate(request, IdsFirst(Article.objects.with_listing().newest()))
    return render(request, "archive/article_list.html", {"page": page})


@newest_memento
def article_detail(request, pk, slug=None):
    article = get_object_or_404(
        Article.objects.select_related("source").prefetch_related("tags", "authorships__entity"), pk=pk
    )
    if slug != article.url_slug:
        return redirect(article, permanent=True)
    captures = list(article.captures.newest_first())
    # Readers see the statements attribution is sure of; the rest stay in the admin.
    statements = list(article.statements.confident().select_related("speaker", "via"))
    mentions = article.shown_mentions()
    show_mentions = ArticleViewForm(request.GET).value("mentions", False)
    marks = [statement_mark(s) for s in statements]
    if show_mentions:
        marks += [Mark(m.start, m.end, "mention", href=m.entity.get_absolute_url()) for m in mentions]
    return render(
        request,
        "archive/article_detail.html",
        {
            "article": article,
            "captures": captures,
            "capture": captures[0] if captures else None,
            "first_capture": captures[-1] if captures else None,
            # The captures that changed what a reader sees (compared from the fields already loaded).
            "changes": visible_changes(captures),
            "paragraphs": render_paragraphs(article, marks),
            "statements": statements,
            "entities": entities_by_kind(mentions),
            "show_mentions": show_mentions,
            "chain": reporting_chain(statements),
        },
    )


def statement_mark(s) -> Mark:
    """The whole stretch of text a statement covers: source, cue and content."""
    starts = [p for p in (s.cue_start, s.source_start, s.content_start) if p is not None]
    ends = [p for p in (s.cue_end, s.source_end, s.content_end) if p is not None]
    label = f"{s.speaker_name or s.source_text} ({s.get_kind_display()})"
    return Mark(min(starts), max(ends), "statement", anchor=s.anchor, label=label)


def entities_by_kind(mentions):
    """The entities an article mentions, grouped by kind, most mentioned first."""
    counts = Counter(m.entity for m in mentions)
    groups = {}
    for entity, n in sorted(counts.items(), key=lambda item: (-item[1], item[0].name)):
        groups.setdefault(entity.get_kind_display(), []).append((entity, n))
    order = [label for _, label in Entity.Kind.choices]
    return [(label, groups[label]) for label in order if label in groups]


def reporting_chain(statements):
    """The outlets statements came through, each with the speakers it carried
    (name, link to their first statement, how many statements)."""
    outlets: dict = {}
    for s in statements:
        if s.via is None:
            continue
        speakers = outlets.setdefault(s.via, {})
        name = s.speaker_name or s.source_text or "unattributed"
        anchor, count = speakers.get(name, (s.anchor, 0))
        speakers[name] = (anchor, count + 1)
    return [
        (outlet, [(name, anchor, count) for name, (anchor, count) in speakers.items()])
        for outlet, speakers in outlets.items()
    ]


@capture_memento
def capture_detail(request, pk, capture_pk):
    """An older copy of an article: the fields as extracted from those bytes."""
    capture = get_object_or_404(
        Capture.objects.defer("raw").select_related("article__source"), pk=capture_pk, article_id=pk
    )
    article = capture.article
    captures = list(article.captures.newest_first())
    fields = capture.fields or {}
    return render(
        request,
        "archive/capture_detail.html",
        {
            "article": article,
            "capture": capture,
            "captures": captures,
            "fields": fields,
            "paragraphs": fields.get("body") or [],
            "is_newest": captures and captures[0].pk == capture.pk,
        },
    )
