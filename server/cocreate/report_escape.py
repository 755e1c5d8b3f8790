"""Escaping people's text for the reports: Markdown that cannot add markup, CSV
cells a spreadsheet will not run as a formula, HTML that cannot add elements.

Shared by the room's report (`report_formats`) and the workshop's
(`report_workshop`), so both defuse text the same way.
"""

from __future__ import annotations

import html
import re

# Characters that can start or end markup anywhere in a line (CommonMark and
# GitHub's tables, strikethrough and entities).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")
# What would open a block at the start of a line: list items, quotes are
# covered by `>` above, setext underlines and thematic breaks by `-`/`=`.
_MD_LEADING = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_line(text: str) -> str:
    """One line of escaped text: line breaks become spaces."""
    return _md_escape(" ".join(text.split()))


def md_block(text: str, indent: str) -> str:
    """Escaped text keeping its line breaks as hard breaks inside one block."""
    lines = [_md_escape(line.strip()) for line in text.splitlines() if line.strip()]
    return ("\\\n" + indent).join(lines)


def _md_escape(line: str) -> str:
    line = _MD_INLINE.sub(r"\\\1", line)
    return _MD_LEADING.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit()
                           else "\\" + m.group(0), line)


# A cell starting with one of these is a formula (or the start of one) to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """`value` with a leading `'` when a spreadsheet would run it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def html_text(text: str) -> str:
    """Text as HTML character data (quotes too, so it is safe in an attribute)."""
    return html.escape(text, quote=True)
