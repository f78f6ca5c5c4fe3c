"""``python -m textfix``: the command line."""

import sys

from textfix.cli import main

sys.exit(main())
