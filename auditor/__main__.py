"""`python -m auditor` runs the CLI."""

import sys

from auditor.cli import main

sys.exit(main())
