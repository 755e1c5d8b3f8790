"""The operator's settings of the accessibility statement, from the environment.

Kept apart from config.py: the statement is several settings of one kind, each
with a default that states the project's own assessment (docs/accessibility.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

# Conformance with EN 301 549 / WCAG 2.1 AA, in the words of the EU model statement.
A11Y_STATUSES = ("fully", "partially", "not")
# The day the project last reviewed its own statement (docs/accessibility.md).
PROJECT_REVIEWED = datetime.date(2026, 12, 2)


@dataclass(frozen=True)
class AccessibilityStatement:
    # "partially": the project's own assessment lists known gaps (docs/accessibility.md).
    status: str = "partially"
    # The operator's own list of gaps, one per line; empty: the project's list.
    gaps: tuple[str, ...] = ()
    contact: str = ""
    # The enforcement procedure: a sentence or a URL.
    enforcement: str = ""
    reviewed: datetime.date = PROJECT_REVIEWED

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> AccessibilityStatement:
        return cls(
            status=a11y_status(env.get("COCREATE_A11Y_STATUS", "")),
            gaps=a11y_gaps(env.get("COCREATE_A11Y_GAPS", "")),
            contact=env.get("COCREATE_A11Y_CONTACT", "").strip(),
            enforcement=env.get("COCREATE_A11Y_ENFORCEMENT", "").strip(),
            reviewed=a11y_reviewed(env.get("COCREATE_A11Y_REVIEWED", "")),
        )


def a11y_status(raw: str) -> str:
    """COCREATE_A11Y_STATUS: `fully`, `partially` or `not` (compliant); empty: partially.
    "fully compliant" and the like are read too."""
    words = raw.strip().lower().split()
    if not words:
        return "partially"
    if words[0] not in A11Y_STATUSES or words[1:] not in ([], ["compliant"]):
        raise ValueError("COCREATE_A11Y_STATUS must be fully, partially or not (compliant), "
                         f"not {raw!r}")
    return words[0]


def a11y_gaps(raw: str) -> tuple[str, ...]:
    """COCREATE_A11Y_GAPS: known gaps, one per line (or separated by `|`)."""
    return tuple(g.strip() for g in raw.replace("|", "\n").splitlines() if g.strip())


def a11y_reviewed(raw: str) -> datetime.date:
    """COCREATE_A11Y_REVIEWED: the date of the last review, YYYY-MM-DD."""
    if not raw.strip():
        return PROJECT_REVIEWED
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"COCREATE_A11Y_REVIEWED must be a date such as 2026-12-02, "
                         f"not {raw!r}") from None
