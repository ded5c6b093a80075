"""mentee: a local-first command-line journal for people being mentored."""

__version__ = "0.1.0"
