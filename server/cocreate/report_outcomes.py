"""The outcome parts of a room's report: its boundaries with the notes flagged
outside them (and the actions), the boundaries to discuss with decision makers, and results by
stakeholder group. Pure renderers over the W and S shapes, for
`report_formats`; a flag is shown only on a note the reader's board holds.
"""

from __future__ import annotations

from typing import Any

from cocreate import report_text as words

Shape = dict[str, Any]


def flags_by_note(workshop: Shape, state: Shape) -> dict[str, list[Shape]]:
    """The workshop's flags on the notes of this board, by note id."""
    here = {n["id"] for n in state["notes"]}
    out: dict[str, list[Shape]] = {}
    for flag in workshop.get("flags", []):
        note_id = flag["target"].get("note")
        if note_id in here:
            out.setdefault(note_id, []).append(flag)
    return out


def _boundary_text(workshop: Shape, boundary_id: str, lang: str) -> str:
    found = next((b["text"] for b in workshop.get("boundaries", []) if b["id"] == boundary_id),
                 None)
    return found if found is not None else words.text(lang, "removed_boundary")


def flag_label(workshop: Shape, flags: list[Shape], lang: str) -> str:
    """"<boundary>: <reason>" for each flag of a note, for a CSV cell."""
    return "; ".join(f"{_boundary_text(workshop, f['boundary'], lang)}: {f['reason']}"
                     for f in flags)


def _outside(workshop: Shape, state: Shape) -> list[tuple[Shape, str]]:
    """Each flag on a note of this board or on an action, with that note's text or
    that action's title."""
    texts = {n["id"]: n["text"] for n in state["notes"]}
    titles = {a["id"]: a["title"] for a in state.get("actions", [])}
    out = []
    for flag in workshop.get("flags", []):
        target = flag["target"]
        label = texts.get(target["note"]) if "note" in target else titles.get(target.get("action"))
        if label is not None:
            out.append((flag, label))
    return out


def markdown(workshop: Shape, state: Shape, lang: str, line: Any, block: Any) -> list[str]:
    """Markdown sections; `line` and `block` are the report's escapers."""
    out: list[str] = []
    outside = _outside(workshop, state)
    if outside:
        out += [f"## {words.text(lang, 'outside')}", ""]
        for flag, label in outside:
            kind = f"{words.text(lang, 'action')}: " if "action" in flag["target"] else ""
            out.append(f"- **{line(_boundary_text(workshop, flag['boundary'], lang))}**: "
                       f"{kind}“{line(label)}” — {line(flag['reason'])}")
        out.append("")
    challenges = workshop.get("challenges", [])
    if challenges:
        out += [f"## {words.text(lang, 'to_discuss')}", ""]
        for c in challenges:
            out.append(f"- **{line(_boundary_text(workshop, c['boundary'], lang))}**: "
                       f"{block(c['text'], '  ')}")
        out.append("")
    out += _md_results(state.get("results_by_group"), lang, line)
    return out


def _md_results(results: Shape | None, lang: str, line: Any) -> list[str]:
    if not results or not results["groups"] or not (results["clusters"]
                                                    or results.get("actions")):
        return []
    return [f"## {words.text(lang, 'results')}", "", *results_table(results, lang, line)]


def results_table(results: Shape, lang: str, line: Any) -> list[str]:
    """The rule, and a table of notes / votes per group for each cluster (Markdown)."""
    out = [words.text(lang, "results_rule", n=results["min_group"]), ""]
    if not results["votes_shown"]:
        out += [words.text(lang, "results_hidden"), ""]
    groups = results["groups"]
    if results["clusters"]:
        out += _md_cluster_results(results, groups, lang, line)
    if results.get("actions"):
        out.append(f"| {words.text(lang, 'action')} | "
                   + " | ".join(f"{line(g)} ({words.text(lang, 'votes')})" for g in groups)
                   + " |")
        out.append("| --- |" + " ---: |" * len(groups))
        for a in results["actions"]:
            out.append(f"| {line(a['title'])} | "
                       + " | ".join(str(a["votes"].get(g, 0)) for g in groups) + " |")
        out.append("")
    return out


def json_parts(workshop: Shape, state: Shape) -> Shape:
    """`boundaries` (each with its flags on this board's notes and on the actions,
    `{"note"|"action": id, "reason"}`), `to_discuss` and
    `results_by_group`, for the JSON report."""
    on_board = [f for f, _ in _outside(workshop, state)]
    return {
        "boundaries": [{"id": b["id"], "text": b["text"],
                        "flags": [{**f["target"], "reason": f["reason"]}
                                  for f in on_board if f["boundary"] == b["id"]]}
                       for b in workshop.get("boundaries", [])],
        "to_discuss": [{"boundary": c["boundary"], "text": c["text"], "created": c["created"]}
                       for c in workshop.get("challenges", [])],
        "results_by_group": state.get("results_by_group"),
    }


def _md_cluster_results(results: Shape, groups: list[str], lang: str, line: Any) -> list[str]:
    out = [f"| {words.text(lang, 'cluster')} | "
           + " | ".join(f"{line(g)} ({words.text(lang, 'notes_votes')})" for g in groups)
           + " |"]
    out.append("| --- |" + " ---: |" * len(groups))
    for c in results["clusters"]:
        cells = []
        for g in groups:
            votes = "–" if c["votes"] is None else str(c["votes"].get(g, 0))
            cells.append(f"{c['notes'].get(g, 0)} / {votes}")
        out.append(f"| {line(c['title'])} | " + " | ".join(cells) + " |")
    out.append("")
    return out
