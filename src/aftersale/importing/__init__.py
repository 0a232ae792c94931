"""Bringing a seller's data in from CRMs, address books and phones: `aftersale import`.

The flow is one way: a source file is read into rows (`sources`), a layout
(`layouts`, plain data) says what each column means, the rows become records
for the book (`convert`, with `parse` for money and dates), those are matched
against the book (`merge`), and what is new is written at once (`commit`).
"""
