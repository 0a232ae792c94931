"""Allow ``python -m aftersale``."""

from aftersale.start import main

main()
