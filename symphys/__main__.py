"""Allow ``python -m symphys``."""

import sys

from symphys.cli import main

sys.exit(main())
