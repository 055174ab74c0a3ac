"""Allow ``python -m symphys`` (the same as the ``symphys`` command: :func:`symphys.cli.main`)."""

import sys

from symphys.cli import main

sys.exit(main())
