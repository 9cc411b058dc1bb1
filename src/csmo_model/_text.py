"""Text that came from a file, made safe for the place it is shown in.

Names, titles and messages are written by users (or by whoever wrote the
file they were given). Before such text reaches Markdown, it is escaped so
that it stays text (no HTML, links, images or headings of its own); before it
reaches a terminal, control characters and bidirectional overrides are shown
as escapes so that it cannot move the cursor, clear the screen, set the
window title or reorder what is printed around it.
"""

from __future__ import annotations

import re

__all__ = [
    "BIDI_CONTROLS",
    "LINE_BREAKS",
    "PLAIN_DECIMAL",
    "md_code",
    "md_inline",
    "plain_decimal",
    "terminal",
]


LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character Python's :meth:`str.splitlines` splits at."""

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Invisible characters that change the direction text is displayed in."""

_BREAK = re.compile("\r\n|[" + re.escape(LINE_BREAKS) + "]")
# Backslash-escaped everywhere: emphasis, code, links and images, raw HTML and
# entities, table cells, strikethrough, and a heading's closing hashes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|!#~])")
# Only at the start of a line: list items, block quotes, setext underlines.
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def md_inline(text: str) -> str:
    """Return *text* as Markdown inline text that renders as exactly *text*.

    Line breaks become spaces (so text cannot leave a heading or a table
    cell), and every character Markdown or HTML would read as markup is
    backslash-escaped.

    Examples
    --------
    >>> print(md_inline("Acme\\n\\n<img src=x onerror=alert(1)>"))
    Acme  \\<img src=x onerror=alert(1)\\>
    >>> print(md_inline("[click](javascript:alert(1)) | *x*"))
    \\[click\\](javascript:alert(1)) \\| \\*x\\*
    """
    flat = _BREAK.sub(" ", text)
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped, count=1)


def md_code(text: str) -> str:
    """Return *text* as a Markdown code span, safe inside a table cell.

    The span is fenced with more backticks than *text* contains in a row;
    line breaks become spaces and ``|`` is escaped (tables split cells
    before they read code spans).

    Examples
    --------
    >>> print(md_code("social-lead"))
    `social-lead`
    >>> print(md_code("a`b|c"))
    `` a`b\\|c ``
    """
    flat = _BREAK.sub(" ", text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or flat.startswith(" ") or flat.endswith(" ") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _escape_char(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029\ufffe\uffff]")


def terminal(text: str) -> str:
    """Return *text* with every character that would act on a terminal shown as an escape.

    Control characters (C0, DEL, C1: escape sequences, carriage returns,
    line feeds, tabs) and bidirectional controls are written as ``\\xNN`` or
    ``\\uNNNN``, so the text stays on its line and in its order. A backslash
    is left as it is.

    Examples
    --------
    >>> print(terminal("Evil\\x1b]0;owned\\x07 Corp: no findings\\n"))
    Evil\\x1b]0;owned\\x07 Corp: no findings\\x0a
    >>> print(terminal("abc\\u202edef"))
    abc\\u202edef
    """
    if text.isprintable() and not any(c in BIDI_CONTROLS for c in text):
        return text
    return _TERMINAL_UNSAFE.sub(lambda m: _escape_char(m.group()), text)


PLAIN_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""A number in plain decimal notation: ASCII digits and at most one decimal point.

Not accepted: digit group underscores (``1_0``, which Python reads as 10),
sexagesimal ``1:30`` (which YAML 1.1 reads as 90), exponents, hexadecimal,
octal and binary forms, digits of other scripts, spaces, ``inf`` and ``nan``.
"""


def plain_decimal(text: str) -> float | None:
    """Return *text* as a number if it is written in plain decimal notation, else ``None``.

    Examples
    --------
    >>> plain_decimal("0.5"), plain_decimal("-2"), plain_decimal(".25")
    (0.5, -2.0, 0.25)
    >>> plain_decimal("1_0"), plain_decimal("1:30"), plain_decimal("1e3"), plain_decimal("٣")
    (None, None, None, None)
    """
    return float(text) if PLAIN_DECIMAL.fullmatch(text) else None
