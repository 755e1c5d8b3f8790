"""A room's board as a report: Markdown, CSV and JSON.

Pure renderers over the protocol's shapes (W workshop, R room, S state with
its N notes, C clusters and V voting, P participants). The caller passes the
state already redacted for the reader, so a renderer shows only what is in
it: votes only when `state["voting"]["tally"]` is not null, and an author
only as the workshop's `authors` mode allows:

- `named`: the author's name, looked up in `participants` by `note["author"]`;
- `group`: "a participant from <group>" (in the report's language), from
  `note["author_group"]` or else the author's group, never a name;
- `hidden`: nothing.

Clusters are ranked by votes (ties keep board order), and so are the notes in
each cluster and the ungrouped notes (ties: oldest first). Without a tally
the board order and note age decide. A rank shown to the reader is a
competition rank: equal votes share a rank and the next rank skips past them
(1, 1, 1, 4), so a tie never reads as a winner. A note naming a cluster that is not on
the board counts as ungrouped.

Text from people is never trusted: Markdown escapes it so a note cannot add
markup, and CSV defuses cells a spreadsheet would run as a formula.

`lang` (en, et, de; see `report_text`) sets the report's own words; CSV
column names and JSON keys stay English, for the programs that read them.

All three raise `KeyError` or `TypeError` on input that is not in the
protocol's shapes; they never raise on odd text.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cocreate import report_actions, report_matrix, report_outcomes
from cocreate import report_text as words
from cocreate.report_escape import csv_cell, md_block, md_line

Shape = dict[str, Any]

CSV_COLUMNS = ("cluster", "note", "votes", "author", "color", "created", "rank",
               "outside_boundary", "from_room")


def competition_ranks(votes: list[int]) -> list[int]:
    """The rank of each count in `votes` (sorted most first): ties share a rank,
    and the next count's rank is one more than the number of counts above it."""
    ranks: list[int] = []
    for i, n in enumerate(votes):
        ranks.append(ranks[-1] if i and n == votes[i - 1] else i + 1)
    return ranks


@dataclass(frozen=True)
class _Note:
    note: Shape
    votes: int | None
    author: str | None
    rank: int | None = None  # among all the room's notes, when their votes are known


@dataclass(frozen=True)
class _Cluster:
    cluster: Shape
    votes: int | None
    notes: list[_Note]
    rank: int | None = None


@dataclass(frozen=True)
class _Report:
    clusters: list[_Cluster]
    ungrouped: list[_Note]
    tally: dict[str, int] | None
    target: str
    actions: list[Shape]


def to_markdown(workshop: Shape, room: Shape, state: Shape, participants: dict[str, Shape],
                lang: str = "en") -> str:
    """The room's report as CommonMark; all people's text is escaped."""
    report = _build(workshop, state, participants, lang)
    out: list[str] = [f"# {md_line(workshop['title'])}", ""]
    out += [words.text(lang, "room", name=md_line(room["name"])), ""]
    if workshop.get("challenge", "").strip():
        out += [f"## {words.text(lang, 'challenge')}", "", md_block(workshop["challenge"], ""), ""]
    constraints = [c for c in workshop.get("constraints", []) if c.strip()]
    if constraints:
        out += [f"## {words.text(lang, 'constraints')}", ""]
        out += [f"- {md_block(c, '  ')}" for c in constraints]
        out.append("")
    out += report_outcomes.markdown(workshop, state, lang, md_line, md_block)
    # Frames of results collected from breakout rooms get a section of their own.
    collected = [c for c in report.clusters if _from_room(c.cluster, room)]
    for heading, clusters in (("clusters", [c for c in report.clusters if c not in collected]),
                              ("room_results", collected)):
        if not clusters:
            continue
        out += [f"## {words.text(lang, heading)}", ""]
        for cluster in clusters:
            votes = "" if cluster.votes is None else f" ({words.votes(lang, cluster.votes)})"
            out += [f"### {md_line(cluster.cluster['title'])}{votes}", ""]
            out += _md_notes(cluster.notes, lang) if cluster.notes else [
                words.text(lang, "no_notes")]
            out.append("")
    if report.ungrouped:
        out += [f"## {words.text(lang, 'ungrouped')}", ""]
        out += _md_notes(report.ungrouped, lang)
        out.append("")
    if state.get("actions"):
        out += [f"## {words.text(lang, 'actions')}", ""]
        out += report_actions.markdown(state["actions"], _action_votes(state), lang)
        out.append("")
    out += [f"## {words.text(lang, 'totals')}", ""]
    if report_matrix.is_matrix(state["voting"]):
        titles = {c["id"]: c["title"] for c in state["clusters"]}
        out += report_matrix.markdown(state["voting"], state["notes"], titles, lang, md_line)
    else:
        out += _md_totals(state["voting"], report, lang)
    return "\n".join(out).rstrip("\n") + "\n"


def to_csv(workshop: Shape, room: Shape, state: Shape, participants: dict[str, Shape],
           lang: str = "en") -> str:
    """One row per note, columns `CSV_COLUMNS`, CRLF line ends.

    `votes` is empty when the tally is hidden; `created` is ISO 8601 UTC.
    A matrix vote adds `report_matrix.CSV_COLUMNS` (its means, empty while
    hidden or unscored). Any cell starting with = + - @ tab or CR gets a leading `'`, so a
    spreadsheet shows it as text instead of running it.
    """
    report = _build(workshop, state, participants, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    matrix = report_matrix.is_matrix(state["voting"])
    writer.writerow(CSV_COLUMNS + (report_matrix.CSV_COLUMNS if matrix else ()))
    rows = [(c.cluster["title"], n) for c in report.clusters for n in c.notes]
    rows += [("", n) for n in report.ungrouped]
    flagged = report_outcomes.flags_by_note(workshop, state)
    room_names = {r["id"]: r["name"] for r in workshop.get("rooms", [])}
    for cluster_title, n in rows:
        source = _from_room(n.note, room)
        writer.writerow([
            csv_cell(cluster_title),
            csv_cell(n.note["text"]),
            "" if n.votes is None else str(n.votes),
            csv_cell(n.author or ""),
            csv_cell(n.note.get("color", "")),
            iso_time(n.note["created"]),
            "" if n.rank is None else str(n.rank),
            csv_cell(report_outcomes.flag_label(workshop, flagged.get(n.note["id"], []), lang)),
            csv_cell(room_names.get(source, source) if source else ""),
            *([csv_cell(c) for c in report_matrix.csv_cells(state["voting"], n.note["id"])]
              if matrix else []),
        ])
    return buffer.getvalue()


def _from_room(item: Shape, room: Shape) -> str | None:
    """The id of the other room a note or frame was copied or collected from."""
    source = item.get("source") or {}
    other = source.get("room")
    return other if other and other != room["id"] else None


def to_json(workshop: Shape, room: Shape, state: Shape, participants: dict[str, Shape],
            lang: str = "en") -> str:
    """The report as one JSON object (UTF-8 text, keys in a fixed order).

    `{"workshop": {id, title, challenge, constraints, groups, authors},
    "room": R, "voting": V without its tally plus "total", "clusters": [C plus
    "votes" and "notes"], "ungrouped": [N...], "actions": [A plus "votes"],
    "boundaries": [{id, text, flags: [{note, reason}]}], "to_discuss":
    [{boundary, text, created}], "results_by_group": see `board.results`}`,
    where each note is N as given plus "votes" (null when hidden) and
    "author_label" (the shown author, or null), and in a matrix vote "scores"
    (`{"means", "count"}`, null while hidden or unscored; V keeps its
    `criteria` and `results`); an action's "votes" are this room's (null
    unless the room voted on actions and its tally is shown). The join code
    is left out: a report outlives the workshop.
    """
    report = _build(workshop, state, participants, lang)
    voting = {key: value for key, value in state["voting"].items() if key != "tally"}
    voting["total"] = None if report.tally is None else sum(report.tally.values())
    action_votes = _action_votes(state)
    document = {
        "workshop": {
            key: workshop.get(key, default)
            for key, default in (("id", None), ("title", ""), ("challenge", ""),
                                 ("constraints", []), ("groups", []), ("authors", "named"))
        },
        "room": {"id": room["id"], "name": room["name"], "plenary": room.get("plenary", False)},
        "voting": voting,
        "clusters": [
            {**c.cluster, "votes": c.votes, "rank": c.rank,
             "notes": [_json_note(n) for n in c.notes]}
            for c in report.clusters
        ],
        "ungrouped": [_json_note(n) for n in report.ungrouped],
        **report_outcomes.json_parts(workshop, state),
        "actions": [{**a, "votes": None if action_votes is None else action_votes.get(a["id"], 0)}
                    for a in report.actions],
    }
    if report_matrix.is_matrix(voting):
        for n in [*document["ungrouped"], *(x for c in document["clusters"] for x in c["notes"])]:
            n["scores"] = report_matrix.note_result(voting, n["id"])
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def ranked(workshop: Shape, state: Shape, participants: dict[str, Shape],
           lang: str) -> tuple[list[tuple[Shape, int | None, int | None, list[Shape]]],
                               list[Shape]]:
    """The board's clusters as (cluster, votes, rank, notes) and its ungrouped notes,
    ranked as the room's report ranks them; each note as in `to_json`."""
    report = _build(workshop, state, participants, lang)
    return ([(c.cluster, c.votes, c.rank, [_json_note(n) for n in c.notes])
             for c in report.clusters], [_json_note(n) for n in report.ungrouped])


def _build(workshop: Shape, state: Shape, participants: dict[str, Shape], lang: str) -> _Report:
    voting = state["voting"]
    # A matrix vote has no dots: its notes are not ranked by votes.
    tally: dict[str, int] | None = (None if report_matrix.is_matrix(voting)
                                    else voting.get("tally"))
    target = voting.get("target", "notes")
    mode = workshop.get("authors", "named")
    note_votes = tally if tally is not None and target == "notes" else None

    rank_of: dict[int, int] = {}  # a vote count -> its rank
    if note_votes is not None:
        counts = sorted((note_votes.get(n["id"], 0) for n in state["notes"]), reverse=True)
        for n_votes, rank in zip(counts, competition_ranks(counts), strict=True):
            rank_of.setdefault(n_votes, rank)

    def wrap(note: Shape) -> _Note:
        votes = None if note_votes is None else note_votes.get(note["id"], 0)
        rank = None if votes is None else rank_of[votes]
        return _Note(note, votes, _author(note, mode, participants, lang), rank)

    by_cluster: dict[str, list[_Note]] = {c["id"]: [] for c in state["clusters"]}
    ungrouped: list[_Note] = []
    for note in state["notes"]:
        by_cluster.get(note.get("cluster") or "", ungrouped).append(wrap(note))
    clusters = []
    for c in state["clusters"]:
        notes = _rank(by_cluster[c["id"]])
        if tally is None or target == "actions":
            votes = None
        elif target == "notes":
            votes = sum(n.votes or 0 for n in notes)
        else:
            votes = tally.get(c["id"], 0)
        clusters.append(_Cluster(c, votes, notes))
    if tally is not None:
        clusters.sort(key=lambda c: -(c.votes or 0))  # stable: ties keep board order
        places = competition_ranks([c.votes or 0 for c in clusters])
        clusters = [_Cluster(c.cluster, c.votes, c.notes, rank)
                    for c, rank in zip(clusters, places, strict=True)]
    return _Report(clusters, _rank(ungrouped), tally, target, list(state.get("actions", [])))


def _rank(notes: list[_Note]) -> list[_Note]:
    return sorted(notes, key=lambda n: (-(n.votes or 0), n.note.get("created", 0)))


def _author(note: Shape, mode: str, participants: dict[str, Shape], lang: str) -> str | None:
    if mode == "hidden":
        return None
    author = participants.get(note["author"]) if note.get("author") else None
    if mode == "named":
        return author["name"] if author and author.get("name") else None
    group = note.get("author_group") or (author or {}).get("group")
    if group:
        return words.text(lang, "by_group", group=group)  # else a group too small to name:
    return words.text(lang, "a_participant") if note.get("author") is None else None


def iso_time(ms: int) -> str:
    moment = datetime.fromtimestamp(ms // 1000, UTC) + timedelta(milliseconds=ms % 1000)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json_note(n: _Note) -> Shape:
    return {**n.note, "votes": n.votes, "rank": n.rank, "author_label": n.author}


def _md_notes(notes: list[_Note], lang: str) -> list[str]:
    lines = []
    for number, n in enumerate(notes, 1):
        marker = f"{number}. "
        extras = [f"— {md_line(n.author)}"] if n.author else []
        if n.votes is not None:
            extras.append(f"({words.votes(lang, n.votes)})")
        text = md_block(n.note["text"], " " * len(marker)) or words.text(lang, "empty")
        lines.append(marker + " ".join([text, *extras]))
    return lines


def _md_totals(voting: Shape, report: _Report, lang: str) -> list[str]:
    if voting.get("status", "idle") == "idle":
        return [words.text(lang, "no_vote")]
    if report.tally is None:
        return [words.text(lang, "hidden")]
    total = sum(report.tally.values())
    lines = [words.text(lang, "cast", votes=words.votes(lang, total)), ""]
    rank_h, cluster_h, note_h, votes_h = (words.text(lang, k)
                                        for k in ("rank", "cluster", "note", "votes"))
    if report.target == "actions":
        return lines + _md_action_totals(voting["tally"], report.actions, lang)
    if report.target == "clusters":
        lines += [f"| {rank_h} | {cluster_h} | {votes_h} |", "| ---: | --- | ---: |"]
        for c in report.clusters:
            lines.append(f"| {c.rank} | {md_line(c.cluster['title'])} | {c.votes} |")
        return lines
    titles = {c.cluster["id"]: c.cluster["title"] for c in report.clusters}
    notes = _rank([n for c in report.clusters for n in c.notes] + report.ungrouped)
    lines += [f"| {rank_h} | {note_h} | {cluster_h} | {votes_h} |", "| ---: | --- | --- | ---: |"]
    for n in notes:
        cluster = md_line(titles.get(n.note.get("cluster") or "", ""))
        lines.append(f"| {n.rank} | {md_line(n.note['text'])} | {cluster} | {n.votes} |")
    return lines


def _action_votes(state: Shape) -> dict[str, int] | None:
    voting = state["voting"]
    tally: dict[str, int] | None = voting.get("tally")
    return tally if tally is not None and voting.get("target") == "actions" else None


def _md_action_totals(tally: dict[str, int], actions: list[Shape], lang: str) -> list[str]:
    ordered = sorted(actions, key=lambda a: -tally.get(a["id"], 0))
    places = competition_ranks([tally.get(a["id"], 0) for a in ordered])
    rank_h, action_h, votes_h = (words.text(lang, k) for k in ("rank", "action", "votes"))
    lines = [f"| {rank_h} | {action_h} | {votes_h} |", "| ---: | --- | ---: |"]
    for a, rank in zip(ordered, places, strict=True):
        lines.append(f"| {rank} | {md_line(a['title'])} | {tally.get(a['id'], 0)} |")
    return lines
