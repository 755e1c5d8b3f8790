"""The report's hackathon: a section per pitch (its team by group, whether the
team is viable and what it misses, the jury's score and the votes on the
note it came from), and each juror's scores once the jury has closed.

`section` gathers it from the welcome's `hackathon` (H) and the report's rooms;
`markdown` and `html` lay it out. Teams are public inside the workshop (as on
the board), so members are named. Before the close there is no score here,
as on the board: `jury_detail` is only passed in once the jury has closed.
"""

from __future__ import annotations

from typing import Any

from cocreate import report_text as words
from cocreate.report_escape import html_text as h
from cocreate.report_escape import md_line

Shape = dict[str, Any]


def section(hackathon: Shape | None, rooms: list[Shape],
            jury_detail: list[Shape] | None) -> Shape | None:
    """`{"phase", "criteria", "closed", "pitches": [{"id", "title", "text", "holder",
    "team": [{"group", "members": [name]}], "viable", "missing": [reason], "jury":
    {"score", "rank", "jurors", "means"}|null, "votes": int|null}], "jury_detail":
    [{"juror", "pitch", "title", "scores"}]|null}`; None when no hackathon was held."""
    if hackathon is None or (hackathon["phase"] == "ideas" and not hackathon["pitches"]):
        return None
    jury = hackathon["jury"]
    ranked = {r["pitch"]: r for r in jury["result"] or []}
    votes = {n["id"]: n["votes"] for room in rooms
             for notes in [room["ungrouped"], *(c["notes"] for c in room["clusters"])]
             for n in notes}
    pitches = []
    for p in hackathon["pitches"]:
        team: dict[str | None, list[str]] = {}
        for m in p["team"]:
            team.setdefault(m["group"], []).append(m["name"])
        result = ranked.get(p["id"])
        holder = next((m["name"] for m in p["team"] if m["id"] == p["holder"]), "")
        pitches.append({
            "id": p["id"], "title": p["title"], "text": p["text"], "holder": holder,
            "team": [{"group": g, "members": names} for g, names in team.items()],
            "viable": p["viability"]["viable"], "missing": p["viability"]["missing"],
            "jury": None if result is None else {k: result[k] for k in
                                                 ("score", "rank", "jurors", "means")},
            "votes": votes.get((p.get("source") or {}).get("note")),
        })
    if ranked:
        order = {r["pitch"]: i for i, r in enumerate(jury["result"])}
        pitches.sort(key=lambda p: order.get(p["id"], len(order)))
    return {"phase": hackathon["phase"], "criteria": jury["criteria"],
            "closed": jury["closed"], "pitches": pitches,
            "jury_detail": jury_detail if jury["closed"] else None}


def _missing(reason: Shape, lang: str) -> str:
    kind = reason["reason"]
    if kind in ("people", "too_many", "groups"):
        n = reason["count"]
        return words.text(lang, f"hack.{kind}.{'one' if n == 1 else 'other'}", n=n)
    if kind == "any_of":
        return words.text(lang, "hack.any_of", groups=" / ".join(reason["groups"]))
    return words.text(lang, "hack.group", group=reason["group"])


def _facts(p: Shape, lang: str) -> list[str]:
    """Each line of a pitch's section, as plain text (escaped by the caller)."""
    t = words.text
    team = "; ".join(f"{g['group'] or t(lang, 'no_group')}: {', '.join(g['members'])}"
                     for g in p["team"])
    viable = (t(lang, "hack.viable") if p["viable"] else
              t(lang, "hack.not_viable", missing="; ".join(_missing(r, lang)
                                                          for r in p["missing"])))
    lines = [f"{t(lang, 'hack.holder')}: {p['holder']}", f"{t(lang, 'hack.team')}: {team}",
             viable]
    jury = p["jury"]
    if jury is not None and jury["score"] is not None:
        means = ", ".join(f"{name} {mean:.2f}" for name, mean in jury["means"].items())
        lines.append(t(lang, "hack.jury", score=f"{jury['score']:.2f}", rank=jury["rank"],
                       n=jury["jurors"], means=means))
    elif jury is not None:
        lines.append(t(lang, "hack.unscored"))
    if p["votes"] is not None:
        lines.append(f"{t(lang, 'votes')}: {words.votes(lang, p['votes'])}")
    return lines


def _rank(p: Shape, lang: str) -> str:
    rank = (p["jury"] or {}).get("rank")
    return f"{words.text(lang, 'rank')} {rank}: " if rank else ""


def markdown(hack: Shape | None, lang: str) -> list[str]:
    if hack is None:
        return []
    out = [f"## {words.text(lang, 'hack.heading')}", ""]
    for p in hack["pitches"]:
        out += [f"### {_rank(p, lang)}{md_line(p['title'])}", ""]
        out += [f"- {md_line(line)}" for line in _facts(p, lang)]
        out.append("")
    detail = hack["jury_detail"]
    if detail:
        names = [c["name"] for c in hack["criteria"]]
        out += [f"### {words.text(lang, 'hack.by_juror')}", "",
                "| " + " | ".join([words.text(lang, "hack.juror"),
                                   words.text(lang, "hack.pitch"),
                                   *(md_line(n) for n in names)]) + " |",
                "| --- | --- |" + " ---: |" * len(names)]
        for row in detail:
            cells = [str(row["scores"].get(n, "")) for n in names]
            out.append(f"| {md_line(row['juror'])} | {md_line(row['title'])} | "
                       + " | ".join(cells) + " |")
        out.append("")
    return out


def html(hack: Shape | None, lang: str) -> list[str]:
    if hack is None:
        return []
    out = [f"<h2>{h(words.text(lang, 'hack.heading'))}</h2>"]
    for p in hack["pitches"]:
        out.append(f"<h3>{h(_rank(p, lang) + p['title'])}</h3><ul>")
        out += [f"<li>{h(line)}</li>" for line in _facts(p, lang)]
        out.append("</ul>")
    detail = hack["jury_detail"]
    if detail:
        names = [c["name"] for c in hack["criteria"]]
        head = "".join(f'<th scope="col">{h(x)}</th>' for x in [
            words.text(lang, "hack.juror"), words.text(lang, "hack.pitch"), *names])
        out.append(f"<h3>{h(words.text(lang, 'hack.by_juror'))}</h3>"
                   f"<table><thead><tr>{head}</tr></thead><tbody>")
        for row in detail:
            cells = "".join(f'<td class="n">{row["scores"].get(n, "")}</td>' for n in names)
            out.append(f'<tr><th scope="row">{h(row["juror"])}</th><td>{h(row["title"])}</td>'
                       f"{cells}</tr>")
        out.append("</tbody></table>")
    return out
