"""`python -m meldpunt` runs the CLI."""

from meldpunt.cli import main

main()
