"""Requests carrying a NUL in a path or a parameter, one of each kind of page:
the suite checks none gives a 500 (tests/test_hostile_requests.py) and
benchmarks/bench_hostile.py times them at 100,000 articles."""

NUL_URLS = [
    "/entities/%00/",
    "/tags/%00/",
    "/feeds/tags/%00/",
    "/feeds/entities/%00/",
    "/statements/?q=%00",
    "/statements/?speaker=%00&organization=%00&outlet=%00&tag=%00&kind=%00&after=%00&before=%00",
    "/statements.json?speaker=%00",
    "/timegate/%00",
    "/timemap/link/%00",
    "/timemap/json/a%00b",
    "/people/?q=%00",
    "/organizations/?q=%00",
    "/search/?q=%00",
    "/api/articles/?q=%00&tag=%00",
    "/api/entities/%00/",
]
