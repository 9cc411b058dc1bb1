"""``python -m csmo_model`` is the ``csmo`` command."""

import sys

from csmo_model.cli import main

sys.exit(main())
