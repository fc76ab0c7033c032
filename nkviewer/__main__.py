import sys

from nkviewer.cli.main import main

sys.exit(main())
