"""`python -m mentee` runs the command line."""

from mentee.cli import run

if __name__ == "__main__":
    run()
