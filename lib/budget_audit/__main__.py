import sys

from .cli import main

if __name__ == "__main__":  # not when a worker process of budget_audit.pool imports it
    sys.exit(main())
