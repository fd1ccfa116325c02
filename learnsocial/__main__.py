import sys

from learnsocial.cli import main

sys.exit(main())
