"""python -m oversight: the same command line as `oversight`."""

import sys

from oversight.cli import main

sys.exit(main())
