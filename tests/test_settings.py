"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_lac(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Not inherited: the database and mode under test, and the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE (which check --deploy rightly refuses).
    unset = {"DATABASE_URL", "LAC_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "lac.cli", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_lac(
        "check", env={"LAC_ENV": "production", "LAC_DATA_DIR": str(tmp_path), "SECRET_KEY": ""}
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_production_mode_passes_the_deployment_checks(tmp_path):
    result = run_lac(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "LAC_ENV": "production",
            "LAC_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "k" * 64 + "-a-long-random-production-secret-for-the-check",
            "ALLOWED_HOSTS": "lac.example.org",
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_development_keeps_a_generated_secret_key_in_the_data_directory(tmp_path):
    result = run_lac("check", env={"LAC_DATA_DIR": str(tmp_path), "SECRET_KEY": ""})
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    run_lac("check", env={"LAC_DATA_DIR": str(tmp_path), "SECRET_KEY": ""})
    assert (tmp_path / "secret_key").read_text() == key


def test_a_mistyped_boolean_fails_loudly(tmp_path):
    result = run_lac("check", env={"LAC_DATA_DIR": str(tmp_path), "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG: expected true or false, got 'maybe'" in result.stderr


def test_the_default_database_is_a_sqlite_file_in_wal_mode(tmp_path):
    import sqlite3

    result = run_lac("migrate", "--no-input", "-v0", env={"LAC_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "lac.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgresql_connections_turn_the_jit_compiler_off(monkeypatch):
    from lac import settings

    config = settings.database_config("postgres://lac@db.internal:5432/lac")
    assert config["OPTIONS"]["options"] == "-c jit=off"
