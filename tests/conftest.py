import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "samples" / "000_f3c4184bfe560a5e.txt"
DATASETS = Path(os.environ.get("DATASETS_DIR", PROJECT.parent / "shared" / "datasets"))


@pytest.fixture
def sample_path():
    return SAMPLE


def requires_datasets(subdir: str):
    path = DATASETS / subdir
    return pytest.mark.skipif(not path.exists(), reason=f"measuring data set {subdir} not found at {path}")
