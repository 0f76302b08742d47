import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "samples" / "000_f3c4184bfe560a5e.txt"
DATASETS = Path(os.environ.get("DATASETS_DIR", PROJECT.parent / "shared" / "datasets"))


@pytest.fixture
def sample_path():
    return SAMPLE


@pytest.fixture
def site():
    """A local web site the capture tests fetch from (tests/capture_server.py), never the internet;
    test_browser.py has a ``site`` of its own, the live Django server."""
    from tests.capture_server import Site

    with Site() as running:
        yield running


@pytest.fixture
def count_queries():
    """``count_queries(client, url)``: how many queries a GET of ``url`` ran, asserting it answered 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    return count


def requires_datasets(subdir: str):
    path = DATASETS / subdir
    return pytest.mark.skipif(not path.exists(), reason=f"measuring data set {subdir} not found at {path}")
