"""`python -m auditor` runs the CLI."""

import sys

from auditor.cli.main import main

sys.exit(main())
