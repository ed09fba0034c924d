"""Files in the data folder hold people's records: only lac's own user may read them.

Every folder and file lac creates under the data folder (the SQLite database,
uploaded spreadsheets, problems workbooks, report files) is made here, or by
Django's file storage with the same modes (``FILE_UPLOAD_PERMISSIONS`` in the
settings). The modes are set explicitly rather than left to the process's
umask, which is 022 on most servers and would make them readable by every
account on the machine. Backups set their own, the same (lac.backups).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """The folder, and any parents it needed, for lac's user alone (fixed if it was not)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        folder.chmod(FOLDER_MODE)  # mkdir's mode is cut down by the umask; chmod's is not
    path.chmod(FOLDER_MODE)
    return path


def open_private(path: Path) -> BinaryIO:
    """Open a file for writing that only lac's user can read, whatever was there before."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    return os.fdopen(descriptor, "wb")


def write_private(path: Path, content: bytes) -> None:
    with open_private(path) as out:
        out.write(content)


def private_sqlite_database(path: Path) -> None:
    """Create the database file empty if it is missing; either way, for lac's user alone.

    SQLite gives its write-ahead log and shared-memory files the database's own
    mode when it creates them; ones left by an earlier, laxer start are fixed here.
    """
    if not path.exists():
        open_private(path).close()
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists():
            file.chmod(FILE_MODE)
