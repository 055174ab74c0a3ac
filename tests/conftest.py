"""Shared fixtures.

``shared_data`` is the folder of reference data the tests read (Pantheon, Pantheon+, the official
Gaunt tensor-product tables). It is ``$SYMPHYS_TEST_DATA`` when that is set, else ``../shared/data``
beside the repository. Tests that need it skip, with the reason, when it is absent, so the suite
also runs on a user's machine without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

try:  # hypothesis is a test extra; CI runs the property tests derandomized, so a red CI reproduces
    from hypothesis import settings as _hyp_settings

    _hyp_settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
    _hyp_settings.register_profile("dev", deadline=None)
    _hyp_settings.load_profile(os.environ.get("SYMPHYS_HYPOTHESIS_PROFILE")
                               or ("ci" if os.environ.get("CI") else "dev"))
except ImportError:  # pragma: no cover
    pass

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA_ENV = "SYMPHYS_TEST_DATA"


def shared_data_path() -> Path:
    """Where the shared reference data is expected (it may not exist)."""
    env = os.environ.get(TEST_DATA_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return (REPO_ROOT.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of the shared reference data; skips the test when it is not there."""
    path = shared_data_path()
    if not path.is_dir():
        pytest.skip(
            f"shared reference data not found at {path} "
            f"(set {TEST_DATA_ENV} to the folder holding pantheon/, pantheon_plus/, ...)"
        )
    return path


@pytest.fixture
def rng():
    """A seeded numpy Generator, so failures reproduce."""
    import numpy as np

    return np.random.default_rng(20261125)


def _cuda_available() -> bool:
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())


def pytest_collection_modifyitems(config, items):
    """Tests marked ``gpu`` run on CUDA when present and skip (saying why) otherwise."""
    gpu = [item for item in items if item.get_closest_marker("gpu") is not None]
    if gpu and not _cuda_available():
        skip = pytest.mark.skip(reason="needs a CUDA device (torch.cuda.is_available() is False)")
        for item in gpu:
            item.add_marker(skip)
