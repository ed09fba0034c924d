"""`lac backup` and `lac restore`: every table identical after a round trip, on this database.

The suite runs on SQLite and on PostgreSQL, so this proves both: SQLite's
online backup API, and pg_dump / pg_restore --single-transaction.
"""

import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from lac.accounts.models import Programme, User
from lac.backups.databases import database_holds_data, table_fingerprints
from tests.conftest import build_world, force_login_verified

# Real transactions (a restore cannot run inside the test's own), with the
# reference data that migrations seed put back after earlier tests' flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUFFIX = "sqlite3" if connection.vendor == "sqlite" else "pgdump"


@pytest.fixture
def filled(client):
    """The test cast, a session, a device, an axes log row: rows in many tables."""
    world = build_world()
    force_login_verified(client, world.bob)
    client.get("/")
    client.post("/accounts/sign-in/", {"username": "nobody", "password": "wrong"})
    return world


def change_everything(world) -> None:
    Programme.objects.create(
        name="Added later", slug="later", council="Later", start_date="2024-04-01"
    )
    User.objects.filter(username="alice").update(first_name="Changed")
    TOTPDevice.objects.all().delete()
    world.charlie.delete()


def test_a_round_trip_restores_every_table_identically(filled, tmp_path, capsys):
    before = table_fingerprints(connection)
    assert sum(f.rows for f in before.values()) > 50
    path = tmp_path / f"lac.{SUFFIX}"

    call_command("backup", str(path))
    assert "Backed up" in capsys.readouterr().out
    change_everything(filled)
    assert table_fingerprints(connection) != before

    call_command("restore", str(path), "--force")
    after = table_fingerprints(connection)

    assert after.keys() == before.keys()
    differing = [table for table in before if after[table] != before[table]]
    assert differing == []
    out = capsys.readouterr().out
    assert f"Restored {len(before)} tables" in out
    print(  # for the record of which database and how much was compared
        f"\n{connection.vendor}: {len(before)} tables, "
        f"{sum(f.rows for f in before.values())} rows identical after restore"
    )


def test_a_round_trip_of_the_demo_programme_keeps_every_table_identical(tmp_path, capsys):
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")
    before = table_fingerprints(connection)
    filled_tables = [table for table, f in before.items() if f.rows]
    assert len(filled_tables) >= 30
    path = tmp_path / f"demo.{SUFFIX}"
    call_command("backup", str(path))
    call_command("flush", "--no-input")

    call_command("restore", str(path))

    assert table_fingerprints(connection) == before
    capsys.readouterr()
    print(
        f"\n{connection.vendor}: demo programme, {len(before)} tables "
        f"({len(filled_tables)} with rows), {sum(f.rows for f in before.values())} rows "
        "identical after restore"
    )


def test_restore_refuses_a_database_that_holds_data_without_force(filled, tmp_path):
    path = tmp_path / f"lac.{SUFFIX}"
    call_command("backup", str(path))
    change_everything(filled)
    changed = table_fingerprints(connection)

    with pytest.raises(CommandError, match="already holds data.*--force"):
        call_command("restore", str(path))

    assert table_fingerprints(connection) == changed


def test_restore_into_an_empty_database_needs_no_force(filled, tmp_path):
    before = table_fingerprints(connection)
    path = tmp_path / f"lac.{SUFFIX}"
    call_command("backup", str(path))
    call_command("flush", "--no-input")
    assert not database_holds_data(connection)

    call_command("restore", str(path))

    assert table_fingerprints(connection) == before


def test_a_damaged_backup_changes_nothing(filled, tmp_path):
    path = tmp_path / f"lac.{SUFFIX}"
    call_command("backup", str(path))
    data = path.read_bytes()
    damaged = tmp_path / f"damaged.{SUFFIX}"
    damaged.write_bytes(data[: int(len(data) * 0.8)])
    change_everything(filled)
    changed = table_fingerprints(connection)

    with pytest.raises(CommandError, match="damaged|nothing was changed"):
        call_command("restore", str(damaged), "--force")

    assert table_fingerprints(connection) == changed


def test_a_file_that_is_not_a_backup_is_refused(filled, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    with pytest.raises(CommandError, match="is not an? (SQLite|PostgreSQL) backup"):
        call_command("restore", str(path), "--force")
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing"), "--force")


def test_a_backup_is_readable_by_its_owner_only_and_never_overwrites(filled, tmp_path):
    path = tmp_path / f"lac.{SUFFIX}"
    call_command("backup", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))
    assert list(tmp_path.iterdir()) == [path]  # no partial file left behind


def test_a_folder_gets_a_dated_backup_file(filled, tmp_path):
    call_command("backup", str(tmp_path))
    (made,) = tmp_path.iterdir()
    assert made.name.startswith("lac-")
    assert made.suffix == f".{SUFFIX}"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's backup API copies in one step"
)
def test_a_restore_that_fails_part_way_is_rolled_back_whole(filled, tmp_path):
    path = tmp_path / f"lac.{SUFFIX}"
    call_command("backup", str(path))
    change_everything(filled)
    with connection.cursor() as cursor:
        # Something the backup does not know about depends on a table it must
        # replace: pg_restore drops other tables first, then fails on this one.
        cursor.execute(
            "CREATE TABLE blocker (programme_id bigint REFERENCES accounts_programme (id))"
        )
    try:
        changed = table_fingerprints(connection)
        with pytest.raises(CommandError, match="nothing was changed"):
            call_command("restore", str(path), "--force")
        assert table_fingerprints(connection) == changed
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE blocker")


def test_an_empty_file_is_called_empty_not_a_backup(filled, tmp_path):
    path = tmp_path / f"empty.{SUFFIX}"
    path.write_bytes(b"")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--force")
    assert "the file is empty" in str(refused.value)
    assert "it is an SQLite backup" not in str(refused.value)


def test_the_row_count_reported_is_the_backups_own(filled, tmp_path, capsys, monkeypatch):
    """Rows written while the backup runs are not counted: the count is taken in its snapshot."""
    from lac.backups import databases

    counts_before = databases.table_row_counts(connection)
    real_run, real_backup = databases._run, databases._sqlite_backup

    def write_meanwhile() -> None:
        """A row added by someone else (another connection on PostgreSQL)."""
        insert = "INSERT INTO django_content_type (app_label, model) VALUES ('meanwhile', 'x')"
        if connection.vendor == "postgresql":
            import psycopg

            params = connection.get_connection_params()
            with psycopg.connect(**params, autocommit=True) as other:
                other.execute(insert)
        else:
            with connection.cursor() as cursor:
                cursor.execute(insert)

    def pg_dump_then_write(command, env):
        result = real_run(command, env)
        write_meanwhile()
        return result

    def sqlite_backup_then_write(connection_, path):
        counts = real_backup(connection_, path)
        write_meanwhile()
        return counts

    monkeypatch.setattr(databases, "_run", pg_dump_then_write)
    monkeypatch.setattr(databases, "_sqlite_backup", sqlite_backup_then_write)
    outcome = databases.backup(tmp_path / f"lac.{SUFFIX}")

    assert outcome.rows == sum(counts_before.values())
    assert sum(databases.table_row_counts(connection).values()) == outcome.rows + 1
