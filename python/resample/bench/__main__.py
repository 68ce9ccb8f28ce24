"""python -m resample.bench: times resample against its peers, prints a report."""

import sys

from .cli import main

sys.exit(main())
