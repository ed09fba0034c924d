from lac import cli


def test_django_commands_accept_dashes(monkeypatch):
    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    assert cli.main(["demo-data", "--scale", "small"]) == 0
    assert seen == [["lac", "demo_data", "--scale", "small"]]


def test_value_commands_go_to_the_value_engine_without_django(monkeypatch):
    import lac.value.cli

    calls = []
    monkeypatch.setattr(lac.value.cli, "main", lambda argv: calls.append(argv) or 0)
    assert cli.main(["value", "report", "x.yaml"]) == 0
    assert calls == [["value", "report", "x.yaml"]]
