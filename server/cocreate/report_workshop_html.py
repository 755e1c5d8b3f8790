"""The workshop's report as HTML, and as a PDF made from that HTML by WeasyPrint.

The HTML lays out `report_workshop.document` (people's text escaped, so a note
cannot add an element); the PDF is tagged (PDF/UA-1: headings, lists and tables
reach a screen reader) and carries the report's language. Its font is DejaVu
Sans (Debian's `fonts-dejavu-core`), which covers Estonian, German and Cyrillic.
WeasyPrint fetches nothing: the report holds no links to load, and a fetcher
that refuses every URL keeps it so.

Making a PDF takes a good part of a second of CPU: the caller runs `to_pdf` off
the event loop (`asyncio.to_thread`).
"""

from __future__ import annotations

from typing import Any, NoReturn

from cocreate import report_hackathon
from cocreate import report_text as words
from cocreate.report_escape import html_text as h
from cocreate.report_workshop import rank_label, ranked_notes, room_title, shared_ranks

Shape = dict[str, Any]

_STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4;
       color: #111; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; margin: 2mm 0; }
th, td { border: 1px solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top; }
td.n { text-align: right; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.meta { color: #444; }
"""


def to_html(doc: Shape) -> str:
    lang = doc["lang"]
    w = doc["workshop"]

    def t(key: str) -> str:
        return h(words.text(lang, key))

    out = [f'<!DOCTYPE html><html lang="{h(lang)}"><head><meta charset="utf-8">',
           f"<title>{h(w['title'])} — {t('workshop_report')}</title>",
           f"<style>{_STYLE}</style></head><body>",
           f"<h1>{h(w['title'])}</h1><p class=\"meta\">{t('workshop_report')}</p>"]
    if w["challenge"].strip():
        out.append(f"<h2>{t('challenge')}</h2>{_paragraphs(w['challenge'])}")
    if doc["boundaries"]:
        out.append(f"<h2>{t('boundaries')}</h2>")
        for b in doc["boundaries"]:
            out.append(f"<h3>{h(b['text'])} <code>{h(b['id'])}</code></h3>")
            if b["flags"]:
                out.append(f"<p>{t('flagged')}:</p><ul>")
                out += [f"<li>“{h(f['text'])}” — {h(f['reason'])}</li>" for f in b["flags"]]
                out.append("</ul>")
            if b["to_discuss"]:
                out.append(f"<p>{t('to_discuss')}:</p><ul>")
                out += [f"<li>{h(c['text'])}</li>" for c in b["to_discuss"]]
                out.append("</ul>")
    for room in doc["rooms"]:
        out.append(f"<h2>{h(room_title(room, lang))}</h2>")
        out += _room(room, lang)
    out += report_hackathon.html(doc.get("hackathon"), lang)
    out.append(f"<h2>{t('actions')}</h2>")
    out += _actions(doc["actions"], lang) if doc["actions"] else [f"<p>{t('no_actions')}</p>"]
    out += _participation(doc["participation"], lang)
    out.append("</body></html>")
    return "\n".join(out)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{h(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _room(room: Shape, lang: str) -> list[str]:
    out = []
    voting = room["voting"]
    if voting["hidden"]:
        out.append(f"<p>{h(words.text(lang, 'hidden'))}</p>")
    elif voting["total"] is not None:
        out.append(f"<p>{h(words.text(lang, 'cast', votes=words.votes(lang, voting['total'])))}"
                   "</p>")
    tied_clusters = shared_ranks(room["clusters"])
    tied = shared_ranks([n for _, n in ranked_notes(room)])
    for c in room["clusters"]:
        rank = h(rank_label(c["rank"], tied_clusters, lang))
        votes = "" if c["votes"] is None else f" ({h(words.votes(lang, c['votes']))})"
        out.append(f"<h3>{rank + ': ' if rank else ''}{h(c['title'])}{votes}</h3>")
        out += _notes(c["notes"], tied, lang)
    if room["ungrouped"]:
        out.append(f"<h3>{h(words.text(lang, 'ungrouped'))}</h3>")
        out += _notes(room["ungrouped"], tied, lang)
    results = room["results_by_group"]
    if results and results["groups"] and results["clusters"]:
        out += _results(results, lang)
    return out


def _notes(notes: list[Shape], tied: set[int], lang: str) -> list[str]:
    if not notes:
        return [f"<p>{h(words.text(lang, 'no_notes'))}</p>"]
    out = ["<ul>"]
    for n in notes:
        label = rank_label(n["rank"], tied, lang)
        rank = f"{h(label)}: " if label else ""
        extras = [f"— {h(n['author_label'])}"] if n["author_label"] else []
        if n["votes"] is not None:
            extras.append(f"({h(words.votes(lang, n['votes']))})")
        text = h(n["text"]) or h(words.text(lang, "empty"))
        out.append(f"<li>{rank}{' '.join([text, *extras])}</li>")
    out.append("</ul>")
    return out


def _results(results: Shape, lang: str) -> list[str]:
    groups = results["groups"]
    out = [f"<h3>{h(words.text(lang, 'results'))}</h3>",
           f"<p>{h(words.text(lang, 'results_rule', n=results['min_group']))}</p>"]
    if not results["votes_shown"]:
        out.append(f"<p>{h(words.text(lang, 'results_hidden'))}</p>")
    head = "".join(f"<th scope=\"col\">{h(g)} ({h(words.text(lang, 'notes_votes'))})</th>"
                   for g in groups)
    out.append(f"<table><thead><tr><th scope=\"col\">{h(words.text(lang, 'cluster'))}</th>"
               f"{head}</tr></thead><tbody>")
    for c in results["clusters"]:
        cells = "".join(
            f"<td class=\"n\">{c['notes'].get(g, 0)} / "
            f"{'–' if c['votes'] is None else c['votes'].get(g, 0)}</td>" for g in groups)
        out.append(f"<tr><th scope=\"row\">{h(c['title'])}</th>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def _actions(actions: list[Shape], lang: str) -> list[str]:
    out = ["<ol>"]
    for a in actions:
        owners = " · ".join(h(o) for o in (a["owner_group"], a.get("owner_org"),
                                           a.get("owner_person")) if o)
        facts = [h(words.text(lang, "owner", owners="")) + owners]
        if a.get("due"):
            facts.append(h(words.text(lang, "due", date=a["due"])))
        facts.append(f"{h(words.status(lang, a['status']))} ({a['percent']} %)")
        if a["all_parties_committed"]:
            facts.append(h(words.text(lang, "all_committed")))
        out.append(f"<li><strong>{h(a['title'])}</strong> — {'; '.join(facts)}<ul>")
        commits = {c["group"]: c for c in a["commits"]}
        for party in a["parties"]:
            c = commits.get(party)
            key = ("not_committed" if c is None else
                   "committed_by" if c.get("name") else "committed")
            said = words.text(lang, key, group=party, name=(c or {}).get("name") or "")
            out.append(f"<li>{h(said)}</li>")
        out += [f"<li>{h(p['date'])}: {h(p['text'])}</li>" for p in a.get("progress", [])]
        out.append("</ul></li>")
    out.append("</ol>")
    return out


def _participation(part: Shape, lang: str) -> list[str]:

    def t(key: str) -> str:
        return h(words.text(lang, key))

    out = [f"<h2>{t('participation')}</h2>",
           f"<table><thead><tr><th scope=\"col\">{t('group')}</th>"
           f"<th scope=\"col\">{t('participants')}</th></tr></thead><tbody>"]
    for g in part["groups"]:
        name = h(g["group"]) if g["group"] else t("no_group")
        out.append(f"<tr><th scope=\"row\">{name}</th><td class=\"n\">{g['participants']}</td>"
                   "</tr>")
    out.append("</tbody></table>")
    if part["names"]:
        out.append(f"<h3>{t('names')}</h3><ul>")
        for group, names in part["names"].items():
            label = h(group) if group else t("no_group")
            out.append(f"<li>{label}: {h(', '.join(names))}</li>")
        out.append("</ul>")
    return out


def _no_fetching(url: str, *args: Any, **kw: Any) -> NoReturn:
    raise ValueError(f"the report loads nothing ({url[:40]})")


def to_pdf(doc: Shape) -> bytes:
    """A tagged PDF/UA-1 of the report, in its language; blocking (run it in a thread)."""
    import weasyprint  # heavy (Pango, fonts): loaded on the first PDF, not at start

    pdf: bytes = weasyprint.HTML(string=to_html(doc), url_fetcher=_no_fetching).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf
