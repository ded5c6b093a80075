"""Exporters: pure functions from records (or an agenda) to text or bytes. They never print
or write files; the command line does that."""
