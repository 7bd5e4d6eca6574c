import sys

from .run.cli import main

if __name__ == "__main__":  # not when a worker process of budget_audit.run.pool imports it
    sys.exit(main())
