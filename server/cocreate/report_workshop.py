"""The workshop's report: every room at once, as Markdown, CSV and JSON.

`document` gathers the workshop into one JSON-ready shape; the renderers
(here, and `report_workshop_html` for HTML and PDF, `report_actions` for the
actions' CSV and calendar) only lay it out. Its input is every room's board as
every participant may see it (the store's `workshop_boards`): no private note,
no vote before its reveal, authors only as the author display rule shows them.
Each room's clusters and notes are ranked as the room's report ranks them
(`report_formats.ranked`: competition ranks, so a tie shares its rank).

Participation is counted by group (participants and notes per room); names
appear only when the workshop names its authors.

`lang` (en, et, de) sets the report's words; CSV column names and JSON keys
stay English, for the programs that read them.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from cocreate import report_actions, report_formats, report_hackathon, report_outcomes
from cocreate import report_text as words
from cocreate.report_escape import csv_cell, md_block, md_line

Shape = dict[str, Any]
Board = tuple[Shape, Shape]  # (room, S)

CSV_COLUMNS = ("room", "cluster", "rank", "votes", "note", "author", "outside_boundary",
               "created")


def document(workshop: Shape, boards: list[Board], participants: dict[str, Shape],
             joined: list[Shape], lang: str, hackathon: Shape | None = None,
             jury_detail: list[Shape] | None = None) -> Shape:
    """`{"workshop", "boundaries": [{id, text, flags: [{room, note, action, text,
    reason}], to_discuss: [{text, created}]}], "rooms": [{id, name, plenary, voting:
    {status, target, hidden, total}, clusters: [C plus votes, rank, notes], ungrouped,
    results_by_group}], "actions": [A], "participation": {groups: [{group,
    participants}], names: {group: [name]} | null, notes_by_room: {room id: n}},
    "hackathon": report_hackathon.section | null}`."""
    rooms = [_room(workshop, room, state, participants, lang) for room, state in boards]
    actions = list(boards[0][1].get("actions", [])) if boards else []
    where = {n["id"]: (room["id"], n["text"]) for room, state in boards
             for n in state["notes"]}
    titles = {a["id"]: a["title"] for a in actions}
    challenges = workshop.get("challenges", [])
    boundaries = []
    for b in workshop.get("boundaries", []):
        flags = []
        for f in workshop.get("flags", []):
            target = f["target"]
            if f["boundary"] != b["id"]:
                continue
            if target.get("note") in where:
                room_id, text = where[target["note"]]
                flags.append({"room": room_id, "note": target["note"], "action": None,
                              "text": text, "reason": f["reason"]})
            elif target.get("action") in titles:
                flags.append({"room": None, "note": None, "action": target["action"],
                              "text": titles[target["action"]], "reason": f["reason"]})
        boundaries.append({"id": b["id"], "text": b["text"], "flags": flags,
                           "to_discuss": [{"text": c["text"], "created": c["created"]}
                                          for c in challenges if c["boundary"] == b["id"]]})
    return {
        "workshop": {key: workshop.get(key, default) for key, default in (
            ("id", None), ("title", ""), ("challenge", ""), ("constraints", []),
            ("groups", []), ("authors", "named"), ("language", "en"))},
        "lang": lang,
        "boundaries": boundaries,
        "rooms": rooms,
        "actions": actions,
        "participation": _participation(workshop, boards, joined),
        "hackathon": report_hackathon.section(hackathon, rooms, jury_detail),
    }


def _room(workshop: Shape, room: Shape, state: Shape, participants: dict[str, Shape],
          lang: str) -> Shape:
    clusters, ungrouped = report_formats.ranked(workshop, state, participants, lang)
    voting = state["voting"]
    tally = voting.get("tally")
    status = voting.get("status", "idle")
    return {
        "id": room["id"], "name": room["name"], "plenary": room.get("plenary", False),
        "voting": {"status": status, "target": voting.get("target", "notes"),
                   "hidden": status != "idle" and tally is None,
                   "total": None if tally is None else sum(tally.values())},
        "clusters": [{**c, "votes": votes, "rank": rank, "notes": notes}
                     for c, votes, rank, notes in clusters],
        "ungrouped": ungrouped,
        "results_by_group": state.get("results_by_group"),
    }


def _participation(workshop: Shape, boards: list[Board], joined: list[Shape]) -> Shape:
    people = [p for p in joined if p["role"] == "participant"]
    counts = Counter(p.get("group") or "" for p in people)
    order = [*(g for g in workshop.get("groups", []) if g in counts),
             *(g for g in dict.fromkeys(p.get("group") or "" for p in people)
               if g not in workshop.get("groups", []))]
    names = None
    if workshop.get("authors", "named") == "named":
        names = {g: [p["name"] for p in people if (p.get("group") or "") == g] for g in order}
    return {"groups": [{"group": g or None, "participants": counts[g]} for g in order],
            "names": names,
            "notes_by_room": {room["id"]: len(state["notes"]) for room, state in boards}}


def room_title(room: Shape, lang: str) -> str:
    return words.text(lang, "plenary") if room["plenary"] else room["name"]


def flag_reasons(doc: Shape) -> dict[str, list[str]]:
    """"<boundary>: <reason>" of each flagged note, by note id."""
    out: dict[str, list[str]] = {}
    for b in doc["boundaries"]:
        for f in b["flags"]:
            if f["note"]:
                out.setdefault(f["note"], []).append(f"{b['text']}: {f['reason']}")
    return out


def ranked_notes(room: Shape) -> list[tuple[str, Shape]]:
    """(cluster title, note) of every note of the room, clusters in rank order."""
    return ([(c["title"], n) for c in room["clusters"] for n in c["notes"]]
            + [("", n) for n in room["ungrouped"]])


def rank_label(rank: int | None, shared: set[int], lang: str) -> str:
    """"2" or, for a rank two or more share, "2 (tied)"; "" without a rank."""
    if rank is None:
        return ""
    return f"{rank} ({words.text(lang, 'tie')})" if rank in shared else str(rank)


def shared_ranks(items: list[Shape]) -> set[int]:
    """The ranks that more than one of `items` holds: ties."""
    counts = Counter(i["rank"] for i in items if i["rank"] is not None)
    return {rank for rank, n in counts.items() if n > 1}


def to_json(doc: Shape) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_csv(doc: Shape) -> str:
    """One row per note of every room, columns `CSV_COLUMNS`, CRLF line ends; `votes`
    and `rank` are empty while the room's votes are hidden (the caller adds the BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    reasons = flag_reasons(doc)
    for room in doc["rooms"]:
        for cluster, n in ranked_notes(room):
            writer.writerow([
                csv_cell(room_title(room, doc["lang"])), csv_cell(cluster),
                "" if n["rank"] is None else str(n["rank"]),
                "" if n["votes"] is None else str(n["votes"]),
                csv_cell(n["text"]), csv_cell(n["author_label"] or ""),
                csv_cell("; ".join(reasons.get(n["id"], []))),
                report_formats.iso_time(n["created"])])
    return buffer.getvalue()


def to_markdown(doc: Shape) -> str:
    lang = doc["lang"]
    w = doc["workshop"]
    out = [f"# {md_line(w['title'])}", "", words.text(lang, "workshop_report"), ""]
    if w["challenge"].strip():
        out += [f"## {words.text(lang, 'challenge')}", "", md_block(w["challenge"], ""), ""]
    if doc["boundaries"]:
        out += [f"## {words.text(lang, 'boundaries')}", ""]
        for b in doc["boundaries"]:
            out += [f"### {md_line(b['text'])} `{md_line(b['id'])}`", ""]
            for f in b["flags"]:
                out.append(f"- {words.text(lang, 'flagged')}: “{md_line(f['text'])}” — "
                           f"{md_line(f['reason'])}")
            for c in b["to_discuss"]:
                out.append(f"- {words.text(lang, 'to_discuss')}: {md_block(c['text'], '  ')}")
            out.append("")
    for room in doc["rooms"]:
        out += [f"## {md_line(room_title(room, lang))}", ""]
        out += _md_room(room, lang)
    out += report_hackathon.markdown(doc.get("hackathon"), lang)
    out += [f"## {words.text(lang, 'actions')}", ""]
    out += (report_actions.markdown(doc["actions"], None, lang) if doc["actions"]
            else [words.text(lang, "no_actions")])
    out.append("")
    out += [f"## {words.text(lang, 'participation')}", ""]
    part = doc["participation"]
    out += [f"| {words.text(lang, 'group')} | {words.text(lang, 'participants')} |",
            "| --- | ---: |"]
    for g in part["groups"]:
        name = md_line(g["group"]) if g["group"] else words.text(lang, "no_group")
        out.append(f"| {name} | {g['participants']} |")
    if part["names"]:
        out += ["", f"### {words.text(lang, 'names')}", ""]
        for group, names in part["names"].items():
            label = md_line(group) if group else words.text(lang, "no_group")
            out.append(f"- {label}: " + ", ".join(md_line(n) for n in names))
    return "\n".join(out).rstrip("\n") + "\n"


def _md_room(room: Shape, lang: str) -> list[str]:
    out: list[str] = []
    voting = room["voting"]
    if voting["hidden"]:
        out += [words.text(lang, "hidden"), ""]
    elif voting["total"] is not None:
        out += [words.text(lang, "cast", votes=words.votes(lang, voting["total"])), ""]
    tied_clusters = shared_ranks(room["clusters"])
    tied = shared_ranks([n for _, n in ranked_notes(room)])
    for c in room["clusters"]:
        rank = rank_label(c["rank"], tied_clusters, lang)
        votes = "" if c["votes"] is None else f" ({words.votes(lang, c['votes'])})"
        out += [f"### {rank + ': ' if rank else ''}{md_line(c['title'])}{votes}", ""]
        out += (_md_notes(c["notes"], tied, lang) if c["notes"]
                else [words.text(lang, "no_notes")])
        out.append("")
    if room["ungrouped"]:
        out += [f"### {words.text(lang, 'ungrouped')}", ""]
        out += _md_notes(room["ungrouped"], tied, lang)
        out.append("")
    results = room["results_by_group"]
    if results and results["groups"] and results["clusters"]:
        out += [f"### {words.text(lang, 'results')}", ""]
        out += report_outcomes.results_table(results, lang, md_line)
    return out


def _md_notes(notes: list[Shape], tied: set[int], lang: str) -> list[str]:
    lines = []
    for n in notes:
        rank = rank_label(n["rank"], tied, lang)
        marker = f"- {rank}: " if rank else "- "
        extras = [f"— {md_line(n['author_label'])}"] if n["author_label"] else []
        if n["votes"] is not None:
            extras.append(f"({words.votes(lang, n['votes'])})")
        text = md_block(n["text"], "  ") or words.text(lang, "empty")
        lines.append(marker + " ".join([text, *extras]))
    return lines

