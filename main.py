"""`python main.py` starts the same app as the `learnsocial` command."""
import sys

from learnsocial.cli import main

if __name__ == "__main__":
    sys.exit(main())
