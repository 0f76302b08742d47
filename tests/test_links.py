"""archive.links.link: the same URLs as reverse(), resolved once per name."""

import pytest
from django.urls import reverse
from django.urls.base import set_script_prefix

from archive.links import link


@pytest.mark.parametrize(
    "name, args",
    [
        ("archive:tag", ["a+b"]),
        ("archive:tag", ["économie"]),
        ("archive:article", [5, "héllo-wörld"]),
        ("archive:article", [5, "-"]),
        ("archive:entity", ["x y?#%"]),
        ("archive:source", ["kabul-post"]),
        ("archive:capture", [7, 9]),
    ],
)
def test_link_is_reverse(name, args):
    assert link(name, *args) == reverse(name, args=args)


def test_link_follows_the_script_prefix():
    set_script_prefix("/archive/")
    try:
        assert link("archive:tag", "x") == "/archive/tags/x/" == reverse("archive:tag", args=["x"])
    finally:
        set_script_prefix("/")
