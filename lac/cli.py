"""The ``lac`` command: the value engine's commands, and every Django command.

``lac value …`` and ``lac ratecard …`` run the plain-Python value engine
without starting Django, so they work from a notebook server or a laptop with
no database. Everything else (``lac migrate``, ``lac demo-data``, …) is
Django's ``manage.py``, with dashes in command names accepted.
"""

from __future__ import annotations

import os
import sys

VALUE_ENGINE_GROUPS = frozenset({"value", "ratecard"})


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in VALUE_ENGINE_GROUPS:
        from lac.value.cli import main as value_main

        return value_main(args)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lac.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lac", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
