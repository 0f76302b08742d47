"""The query parameters of the pages that take them, read and checked by Django forms.

A page answers any input with a page: a value a form cannot take is dropped,
with a message saying so (``FilterForm.messages``), and the view reads only
``cleaned_data``. What each filter then means is ``archive.filters``'s business.
"""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils.text import slugify

from archive.filters import MAX_WORDS_TEXT, StatementFilters, clean, find_entity, tag_slugs
from archive.models import IndexOrder, Statement
from archive.search.results import SORTS as SEARCH_SORTS
from archive.search.statements import statement_words


class TagsField(forms.Field):
    """Every value of a repeated parameter (``?tag=a&tag=b``), as tag slugs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if isinstance(value, str):
            value = [value]
        return tag_slugs(value or [])


def without_nul(data):
    """The parameters with NUL characters removed, as everywhere else in the
    archive (PostgreSQL refuses them; Django's CharField would reject the value)."""
    if hasattr(data, "lists"):
        data = data.copy()
        for key, values in list(data.lists()):
            data.setlist(key, [v.replace("\x00", "") for v in values])
        return data
    return {k: (v.replace("\x00", "") if isinstance(v, str) else v) for k, v in (data or {}).items()}


class StrippedChoiceField(forms.ChoiceField):
    def to_python(self, value):
        return super().to_python(value).strip()


class FilterForm(forms.Form):
    """A form over a page's GET parameters whose bad values are messages, not errors."""

    def __init__(self, data, *args, **kwargs):
        super().__init__(without_nul(data), *args, **kwargs)
        self.notices: dict[str, str] = {}  # field -> how a value was read ("showing the closest name")

    @property
    def messages(self) -> list[str]:
        """What the reader is told about the parameters, in the fields' order."""
        self.is_valid()
        out = []
        for name in self.fields:
            out += self.errors.get(name, [])
            if name in self.notices:
                out.append(self.notices[name])
        return out

    def value(self, name, default=None):
        """The cleaned value of a field, or ``default`` when it was dropped."""
        self.is_valid()
        return self.cleaned_data.get(name, default)

    def _day(self, name) -> date | None:
        value = clean(self.data.get(name, ""))
        if not value:
            return None
        try:
            if len(value) != 10:
                raise ValueError(value)
            return datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            raise forms.ValidationError(
                f"“{value}” is not a date (YYYY-MM-DD); the {name} filter is ignored.", code="invalid"
            ) from None

    def _entity(self, name):
        value = clean(self.data.get(name, ""))
        if not value:
            return None
        found, how = find_entity(value)
        if found is None:
            raise forms.ValidationError(
                f"No person or organization “{value}” in the archive; the {name} filter is ignored.", code="unknown"
            )
        if how == "typo":
            self.notices[name] = f"No person or organization named “{value}”; showing {found.name}, the closest name."
        return found


class StatementFilterForm(FilterForm):
    """/statements/ and /statements.json: who said what (see ``archive.filters.StatementFilters``)."""

    speaker = forms.CharField(required=False)
    organization = forms.CharField(required=False)
    outlet = forms.CharField(required=False)
    tag = TagsField(required=False)
    kind = StrippedChoiceField(
        required=False,
        choices=[("", "Any"), *Statement.Kind.choices],
        error_messages={"invalid_choice": "Unknown kind “%(value)s”; showing every kind."},
    )
    after = forms.CharField(required=False)
    before = forms.CharField(required=False)
    q = forms.CharField(required=False)

    def clean_speaker(self):
        return self._entity("speaker")

    def clean_organization(self):
        return self._entity("organization")

    def clean_outlet(self):
        return self._entity("outlet")

    def clean_after(self):
        return self._day("after")

    def clean_before(self):
        return self._day("before")

    def clean_q(self):
        q = clean(self.cleaned_data.get("q"), MAX_WORDS_TEXT)
        words = statement_words(q)
        if words.messages:
            self.notices["q"] = " ".join(words.messages)
        return "" if words.empty else q

    def filters(self) -> StatementFilters:
        return StatementFilters(
            speaker=self.value("speaker"),
            organization=self.value("organization"),
            outlet=self.value("outlet"),
            tags=self.value("tag", []),
            kind=self.value("kind", ""),
            after=self.value("after"),
            before=self.value("before"),
            q=self.value("q", ""),
        )

    @property
    def applied(self) -> dict:
        """The filters in force, as the page's count line names them."""
        self.is_valid()
        shown = {}
        for name in ("speaker", "organization", "outlet"):
            if self.value(name) is not None:
                shown[name] = self.value(name).name
        if self.value("tag"):
            shown["tag"] = " + ".join(self.value("tag"))
        if self.value("kind"):
            shown["kind"] = Statement.Kind(self.value("kind")).label
        for name in ("after", "before"):
            if self.value(name):
                shown[name] = self.value(name).isoformat()
        if self.value("q"):
            shown["q"] = statement_words(self.value("q")).shown
        return shown


class EntityIndexForm(FilterForm):
    """/people/ and /organizations/: a filter on names, and the order."""

    q = forms.CharField(required=False)
    sort = StrippedChoiceField(
        required=False,
        choices=[("", "Default"), *IndexOrder.choices],
        error_messages={"invalid_choice": "Unknown order “%(value)s”; sorted by number of articles."},
    )

    def clean_q(self):
        return clean(self.cleaned_data.get("q"), 200)

    def clean_sort(self):
        return self.cleaned_data.get("sort") or IndexOrder.ARTICLES


class SearchForm(FilterForm):
    """/search/: the query (in the search language, read by ``archive.search``),
    the order and the page number."""

    q = forms.CharField(required=False, strip=False)
    sort = StrippedChoiceField(
        required=False,
        choices=[("", "Default"), *SEARCH_SORTS.items()],
        error_messages={"invalid_choice": "Unknown order “%(value)s”; showing the default order."},
    )
    # A page number that is not one is page 1, as on every list (archive.views.pagination).
    page = forms.CharField(required=False)

    def clean_q(self):
        return self.cleaned_data.get("q") or ""

    def clean_sort(self):
        return self.cleaned_data.get("sort") or None

    def clean_page(self):
        try:
            return max(1, int(self.cleaned_data.get("page") or 1))
        except ValueError:
            return 1


class UnnamedSourcesForm(FilterForm):
    """/statements/unnamed/: one description of an unnamed source ("a US official") to list."""

    description = forms.CharField(required=False)

    def clean_description(self):
        return clean(self.cleaned_data.get("description"), 500)


class SuggestForm(FilterForm):
    """/suggest/?q=: what has been typed in the search box so far."""

    q = forms.CharField(required=False)

    def clean_q(self):
        return clean(self.cleaned_data.get("q"), 100)


class TagPickForm(FilterForm):
    """/tags/?tag=…: tags typed or picked in the form, sent on to their intersection's page."""

    tag = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    def clean_tag(self):
        # Tag slugs hold no "/", "+" or spaces: slugify what was typed, as taggit made the slugs.
        typed = self.cleaned_data.get("tag") or []
        return sorted({slugify(t, allow_unicode=True) for t in typed} - {""})


class ArticleViewForm(FilterForm):
    """/articles/<id>/…?mentions=1: the article with its people and organizations marked."""

    mentions = forms.CharField(required=False)

    def clean_mentions(self):
        return self.cleaned_data.get("mentions") == "1"


class CitationForm(FilterForm):
    """/articles/<id>/cite.<format>?capture=<id>: cite one capture; anything else cites the newest."""

    capture = forms.IntegerField(required=False, min_value=1, max_value=2**53)


class ChangesForm(forms.Form):
    """/articles/<id>/changes/?from=<capture id>&to=<capture id>: the two captures to compare. Unlike the
    filter forms, a value it cannot take is an error (400): the page cannot guess which capture was meant."""

    error_css_class = "error"

    def __init__(self, data, *args, **kwargs):
        super().__init__(without_nul(data), *args, **kwargs)

    from_ = forms.IntegerField(required=False, min_value=1, max_value=2**53, label="From")
    to = forms.IntegerField(required=False, min_value=1, max_value=2**53, label="To")

    def add_prefix(self, field_name):
        # The parameter is "from" (a Python keyword, so the field is ``from_``).
        return "from" if field_name == "from_" else super().add_prefix(field_name)

    def clean(self):
        data = super().clean()
        if data.get("from_") is not None and data.get("from_") == data.get("to"):
            raise forms.ValidationError("Choose two different captures to compare.")
        return data

    @property
    def problems(self) -> list[str]:
        """What was wrong with the parameters, one sentence each, naming the parameter."""
        out = []
        for name, errors in self.errors.items():
            label = {"from_": "from", "to": "to"}.get(name)
            out += [f"{label}: {e}" if label else e for e in errors]
        return out
