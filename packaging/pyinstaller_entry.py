"""PyInstaller entry script for the one-folder build (see packaging/annotator.spec).

It does what the ``annotator`` console script does: run ``annotator.cli.main``.
"""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
