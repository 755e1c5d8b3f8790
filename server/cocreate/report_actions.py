"""An action's parts of a report: the Markdown list (owners, due date, status, votes,
every party with its commitment, progress), the CSV of actions (one row per action)
and a calendar of their due dates (iCalendar, one all-day event per dated action).

Pure renderers over the protocol's A shape, already redacted for the reader (who
committed or reported progress is in it only when the author display rule shows
it).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar

from cocreate import report_text as words
from cocreate.report_escape import csv_cell, md_line

Shape = dict[str, Any]


def markdown(actions: list[Shape], votes: dict[str, int] | None, lang: str) -> list[str]:
    """Each action: owners, due date, status, votes, and every party with its commitment."""
    lines = []
    for number, a in enumerate(actions, 1):
        owners = " · ".join(md_line(o) for o in (a["owner_group"], a.get("owner_org"),
                                                  a.get("owner_person")) if o)
        facts = [words.text(lang, "owner", owners=owners)]
        if a.get("due"):
            facts.append(words.text(lang, "due", date=a["due"]))
        facts.append(f"{words.status(lang, a['status'])} ({a['percent']} %)")
        if votes is not None:
            facts.append(words.votes(lang, votes.get(a["id"], 0)))
        if a["all_parties_committed"]:
            facts.append(words.text(lang, "all_committed"))
        marker = f"{number}. "
        lines.append(f"{marker}**{md_line(a['title'])}** — " + "; ".join(facts))
        commits = {c["group"]: c for c in a["commits"]}
        for party in a["parties"]:
            c = commits.get(party)
            if c is None:
                said = words.text(lang, "not_committed", group=md_line(party))
            elif c.get("name"):
                said = words.text(lang, "committed_by", group=md_line(party),
                                  name=md_line(c["name"]))
            else:
                said = words.text(lang, "committed", group=md_line(party))
            lines.append(f"{' ' * len(marker)}- {said}")
        for entry in a.get("progress", []):
            lines.append(f"{' ' * len(marker)}- {entry['date']}: {md_line(entry['text'])}")
    return lines


CSV_COLUMNS = ("action", "owner_group", "owner_org", "owner_person", "parties", "committed",
               "all_parties_committed", "status", "percent", "due", "progress")


def to_csv(actions: list[Shape], lang: str) -> str:
    """One row per action, columns `CSV_COLUMNS`, CRLF line ends (the caller adds the BOM).

    `parties` and `committed` list groups separated by "; " (a committer's name only
    when the action holds it); `progress` is "date: text" entries separated by " | ".
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in actions:
        committed = [f"{c['group']} ({c['name']})" if c.get("name") else c["group"]
                     for c in a["commits"]]
        writer.writerow([csv_cell(cell) for cell in (
            a["title"], a["owner_group"], a.get("owner_org") or "", a.get("owner_person") or "",
            "; ".join(a["parties"]), "; ".join(committed),
            "yes" if a["all_parties_committed"] else "no", words.status(lang, a["status"]),
            str(a["percent"]), a.get("due") or "",
            " | ".join(f"{p['date']}: {p['text']}" for p in a.get("progress", [])))])
    return buffer.getvalue()


def to_ics(workshop: Shape, actions: list[Shape], lang: str) -> bytes:
    """An iCalendar file: one all-day VEVENT on each dated action's due day.

    The UID is the action's id within the workshop's, so a calendar that imports
    the file again updates the events instead of doubling them.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Cocreate//Workshop report//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", workshop["title"])
    stamp = datetime.now(UTC).replace(microsecond=0)
    for a in actions:
        if not a.get("due"):
            continue
        day = date.fromisoformat(a["due"])
        owners = " · ".join(o for o in (a["owner_group"], a.get("owner_org"),
                                        a.get("owner_person")) if o)
        event = icalendar.Event()
        event.add("uid", f"action-{a['id']}@workshop-{workshop['id']}.cocreate")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))  # all-day: DTEND is the next day
        event.add("summary", a["title"])
        event.add("description", "\n".join([
            words.text(lang, "owner", owners=owners),
            f"{words.status(lang, a['status'])} ({a['percent']} %)",
            *(f"{p['date']}: {p['text']}" for p in a.get("progress", []))]))
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
