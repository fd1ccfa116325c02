"""`python main.py` starts the same app as the `learnsocial` command."""
from learnsocial.cli import run

if __name__ == "__main__":
    run()
