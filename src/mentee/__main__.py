"""`python -m mentee` runs the command line."""

from mentee.cli import main

if __name__ == "__main__":
    main()
