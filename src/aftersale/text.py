"""The single place where user text is made safe to show.

Anything that came from the book (names, notes, values quoted in error
messages) passes through `safe` before it reaches a terminal, a pipe or an
email: control characters, bidirectional overrides and invisible format
characters become visible escapes, so no cell can move the cursor, change
the terminal title, hide text or reorder what is shown.

The few wording helpers every message shares live here as well: `plural()`,
`article()` and `money()`.
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _is_unsafe(ch: str) -> bool:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return True
    if code < 0xA0:
        return False
    return unicodedata.category(ch) in ("Cf", "Cs", "Co", "Zl", "Zp")


def safe(text: str, *, keep_newlines: bool = False, keep_tabs: bool = False) -> str:
    """Return `text` with every unsafe character replaced by a visible escape."""
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if (keep_newlines and ch == "\n") or (keep_tabs and ch == "\t"):
            out.append(ch)
        elif _is_unsafe(ch):
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def safe_block(text: str, indent: str) -> str:
    """User text over several lines: each line made safe, the later ones indented to align.

    A note written on three lines reads as three lines, not as one line with `\\n` in it.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return f"\n{indent}".join(safe(line) for line in lines)


def quoted(value: object, *, limit: int = 60) -> str:
    """A user value as it appears inside a message: double-quoted, escaped, shortened."""
    text = safe(str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def json_safe(document: str) -> str:
    """JSON text with every unsafe character written as a \\u escape: the same data, inert.

    json.dumps(ensure_ascii=False) escapes C0 controls but leaves DEL, C1 and
    bidirectional or invisible format characters raw.
    """
    if document.isascii() and "\x7f" not in document:
        return document
    return "".join(
        f"\\u{ord(ch):04x}" if ch not in "\n\t" and ord(ch) <= 0xFFFF and _is_unsafe(ch) else ch
        for ch in document
    )


# Wording shared by every message: amounts, counts and articles.
def money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return ""
    text = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    return f"{text} {currency.upper()}" if currency else text


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def article(phrase: str) -> str:
    """'a thank you', 'an account review', 'an upsell': the article the sound asks for."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"
