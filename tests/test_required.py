"""A missing browser, axe-core or schema skips a developer's test and fails CI's."""

import pytest

from tests.required import missing


def test_a_missing_tool_skips_the_test_on_a_developers_machine(monkeypatch):
    monkeypatch.delenv("LAC_REQUIRE_ALL", raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        missing("Chromium", "apt-get install chromium")


@pytest.mark.parametrize(("variable", "value"), [("LAC_REQUIRE_ALL", "1"), ("CI", "true")])
def test_a_missing_tool_fails_the_test_in_ci(monkeypatch, variable, value):
    monkeypatch.delenv("LAC_REQUIRE_ALL", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(variable, value)
    with pytest.raises(pytest.fail.Exception, match="axe-core not found .* none may skip"):
        missing("axe-core", "npm ci")
