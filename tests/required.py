"""Tests that need a tool outside Python skip on a developer's machine and fail in CI.

A browser, accessibility or schema test that skips proves nothing, and a skip
is easy to miss among a thousand dots. ``.ci/run`` sets ``LAC_REQUIRE_ALL=1``
(and CI sets ``CI=true``): there a missing tool is a failure naming it.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def everything_required() -> bool:
    return os.environ.get("LAC_REQUIRE_ALL") == "1" or os.environ.get("CI") == "true"


def missing(tool: str, remedy: str) -> NoReturn:
    """Skip the test for want of ``tool``, or fail it when every test must run."""
    message = f"{tool} not found ({remedy})"
    if everything_required():
        pytest.fail(f"{message}: CI runs every test, none may skip", pytrace=False)
    pytest.skip(message)
