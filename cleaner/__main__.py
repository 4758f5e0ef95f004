"""`python -m cleaner` runs the CLI, for environments without the console script on PATH."""

from cleaner.cli import main

main()
