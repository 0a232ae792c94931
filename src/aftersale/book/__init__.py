"""Finding, reading, validating and writing a book folder."""
