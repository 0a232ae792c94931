"""Allow ``python -m aftersale``."""

from aftersale.cli import main

main()
