"""`python -m researchsite.tutorials check ...`: the tutorials' command line without the package CLI."""

import sys

from .cli import tutorials_main

sys.exit(tutorials_main(sys.argv[1:]))
