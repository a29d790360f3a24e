"""``python -m liquidpage``: the command-line interface."""

import sys

from liquidpage.cli import main

sys.exit(main())
