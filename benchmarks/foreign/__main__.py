"""`python -m benchmarks.foreign OUT_DIR --count N --seed S`."""

import sys

from benchmarks.foreign.make import main

sys.exit(main())
