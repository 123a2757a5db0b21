"""``python -m briefer.cli``: the ``briefer`` command."""

import sys

from briefer.cli import main

sys.exit(main())
