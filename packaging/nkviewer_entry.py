"""Entry script of the frozen app (PyInstaller): the same `nkviewer` command as the pip install.

`freeze_support()` must run first: extraction parses in *spawned* worker processes, and in a
frozen app those workers are this same executable started with multiprocessing's arguments.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from nkviewer.cli.main import main

    sys.exit(main())
