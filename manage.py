#!/usr/bin/env python
"""Django's command-line utility; `lac` is the same with the value engine added."""

import sys

from lac.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
