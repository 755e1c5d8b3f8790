"""A matrix vote in a report: each note's mean per criterion and its scorers.

Pure, like `report_formats`, over the redacted V shape: the means are shown
only when `voting["results"]` is not null (the vote is public or revealed);
while hidden a report says so and shows nothing per note. Notes nobody scored
are left out of the Markdown table and have empty cells in CSV.
"""

from __future__ import annotations

from typing import Any

from cocreate import report_text as words

Shape = dict[str, Any]

CSV_COLUMNS = ("criterion_1", "mean_1", "criterion_2", "mean_2", "scorers")


def is_matrix(voting: Shape) -> bool:
    return voting.get("kind") == "matrix" and len(voting.get("criteria") or ()) == 2


def note_result(voting: Shape, note_id: str) -> Shape | None:
    """`{"means": {criterion: mean}, "count"}` of one note, or None (hidden or unscored)."""
    results = voting.get("results")
    return None if results is None else results.get(note_id)


def csv_cells(voting: Shape, note_id: str) -> list[str]:
    """The CSV cells of `CSV_COLUMNS` for one note (criterion names on every row,
    so a program needs no other row to read it)."""
    first, second = voting["criteria"]
    found = note_result(voting, note_id)
    if found is None:
        return [first, "", second, "", ""]
    means = found["means"]
    return [first, _mean(means[first]), second, _mean(means[second]), str(found["count"])]


def markdown(voting: Shape, notes: list[Shape], titles: dict[str, str], lang: str,
             line: Any) -> list[str]:
    """The totals section of a matrix vote; `line` escapes people's text."""
    if voting.get("status", "idle") == "idle":
        return [words.text(lang, "no_vote")]
    results = voting.get("results")
    if results is None:
        return [words.text(lang, "matrix_hidden")]
    first, second = voting["criteria"]
    out = [f"| {words.text(lang, 'note')} | {words.text(lang, 'cluster')} | {line(first)} | "
            f"{line(second)} | {words.text(lang, 'scorers')} |",
            "| --- | --- | ---: | ---: | ---: |"]
    scored = [(n, results[n["id"]]) for n in notes if n["id"] in results]
    scored.sort(key=lambda pair: (-pair[1]["means"][first], -pair[1]["means"][second],
                                  pair[0].get("created", 0)))
    for note, found in scored:
        cluster = line(titles.get(note.get("cluster") or "", ""))
        out.append(f"| {line(note['text'])} | {cluster} | {_mean(found['means'][first])} | "
                   f"{_mean(found['means'][second])} | {found['count']} |")
    return out


def _mean(value: float) -> str:
    return f"{value:.2f}"
