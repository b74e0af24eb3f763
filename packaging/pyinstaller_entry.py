"""PyInstaller entry script for the one-folder build (see packaging/annotator.spec).

It does what the ``annotator`` console script does: run ``annotator.cli.main``.
"""

import multiprocessing
import sys

from annotator.cli import main

if __name__ == "__main__":
    # The suggestions' tagger trains in a process of its own (annotator.suggest.crf):
    # in the bundle that process starts from this executable.
    multiprocessing.freeze_support()
    sys.exit(main())
