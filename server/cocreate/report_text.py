"""The report's own words (headings, sentences, vote counts, author labels) in
English, Estonian and German.

Pure data and lookups. A count takes its plural form as CLDR gives it for
these three languages: "one" for exactly 1, "other" for every other number.
Unknown languages fall back to English.
"""

from __future__ import annotations

LANGUAGES = ("en", "et", "de")

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "room": "Room: {name}",
        "challenge": "Challenge",
        "constraints": "Constraints",
        "clusters": "Clusters",
        "ungrouped": "Ungrouped notes",
        "room_results": "Results from the rooms",
        "totals": "Vote totals",
        "no_notes": "No notes.",
        "empty": "(empty)",
        "no_vote": "No vote has been held in this room.",
        "hidden": "Votes are hidden until the facilitator reveals them.",
        "cast": "{votes} cast.",
        "rank": "Rank",
        "cluster": "Cluster",
        "note": "Note",
        "votes": "Votes",
        "by_group": "a participant from {group}",
        "vote.one": "{n} vote",
        "vote.other": "{n} votes",
        "matrix_hidden": "Scores are hidden until the facilitator reveals them.",
        "scorers": "Scorers",
        "outside": "Outside the boundaries",
        "to_discuss": "Boundaries to discuss with decision makers",
        "removed_boundary": "(a boundary since removed)",
        "results": "Results by stakeholder group",
        "results_rule": "Only groups with at least {n} participants in the workshop are shown.",
        "results_hidden": "Votes by group are shown once the votes are visible.",
        "group": "Group",
        "notes_votes": "notes / votes",
        "actions": "Actions",
        "action": "Action",
        "owner": "owner: {owners}",
        "due": "due {date}",
        "all_committed": "all parties committed",
        "committed": "{group}: committed",
        "committed_by": "{group}: committed ({name})",
        "not_committed": "{group}: not yet committed",
        "status.proposed": "proposed",
        "status.agreed": "agreed",
        "status.in_progress": "in progress",
        "status.blocked": "blocked",
        "status.done": "done",
        "status.dropped": "dropped",
    },
    "et": {
        "room": "Ruum: {name}",
        "challenge": "Väljakutse",
        "constraints": "Piirangud",
        "clusters": "Rühmad",
        "ungrouped": "Rühmitamata märkmed",
        "room_results": "Tulemused ruumidest",
        "totals": "Hääletuse tulemused",
        "no_notes": "Märkmeid pole.",
        "empty": "(tühi)",
        "no_vote": "Selles ruumis pole hääletust peetud.",
        "hidden": "Hääled on peidus, kuni läbiviija need avalikustab.",
        "cast": "Antud {votes}.",
        "rank": "Koht",
        "cluster": "Rühm",
        "note": "Märge",
        "votes": "Hääli",
        "by_group": "osaleja rühmast {group}",
        "vote.one": "{n} hääl",
        "vote.other": "{n} häält",
        "matrix_hidden": "Hinded on peidus, kuni läbiviija need avalikustab.",
        "scorers": "Hindajaid",
        "outside": "Väljaspool piire",
        "to_discuss": "Piirid, mida otsustajatega arutada",
        "removed_boundary": "(hiljem eemaldatud piir)",
        "results": "Tulemused huvirühmade kaupa",
        "results_rule": "Näidatakse ainult rühmi, kus töötoas on vähemalt {n} osalejat.",
        "results_hidden": "Hääled rühmade kaupa on näha, kui hääled on avalikud.",
        "group": "Rühm",
        "notes_votes": "märkmed / hääled",
        "actions": "Tegevused",
        "action": "Tegevus",
        "owner": "vastutaja: {owners}",
        "due": "tähtaeg {date}",
        "all_committed": "kõik osapooled on kohustunud",
        "committed": "{group}: kohustunud",
        "committed_by": "{group}: kohustunud ({name})",
        "not_committed": "{group}: pole veel kohustunud",
        "status.proposed": "ettepanek",
        "status.agreed": "kokku lepitud",
        "status.in_progress": "töös",
        "status.blocked": "takerdunud",
        "status.done": "tehtud",
        "status.dropped": "loobutud",
    },
    "de": {
        "room": "Raum: {name}",
        "challenge": "Herausforderung",
        "constraints": "Rahmenbedingungen",
        "clusters": "Cluster",
        "ungrouped": "Nicht gruppierte Notizen",
        "room_results": "Ergebnisse aus den Räumen",
        "totals": "Stimmen insgesamt",
        "no_notes": "Keine Notizen.",
        "empty": "(leer)",
        "no_vote": "In diesem Raum wurde nicht abgestimmt.",
        "hidden": "Die Stimmen bleiben verborgen, bis die Moderation sie aufdeckt.",
        "cast": "{votes} abgegeben.",
        "rank": "Rang",
        "cluster": "Cluster",
        "note": "Notiz",
        "votes": "Stimmen",
        "by_group": "jemand aus {group}",
        "vote.one": "{n} Stimme",
        "vote.other": "{n} Stimmen",
        "matrix_hidden": "Die Bewertungen bleiben verborgen, bis die Moderation sie aufdeckt.",
        "scorers": "Bewertungen",
        "outside": "Außerhalb der Grenzen",
        "to_discuss": "Grenzen, die mit Entscheidungsträgern zu besprechen sind",
        "removed_boundary": "(eine inzwischen entfernte Grenze)",
        "results": "Ergebnisse nach Interessengruppe",
        "results_rule": "Gezeigt werden nur Gruppen mit mindestens {n} Teilnehmenden im Workshop.",
        "results_hidden": "Stimmen nach Gruppe erscheinen, sobald die Stimmen sichtbar sind.",
        "group": "Gruppe",
        "notes_votes": "Notizen / Stimmen",
        "actions": "Maßnahmen",
        "action": "Maßnahme",
        "owner": "verantwortlich: {owners}",
        "due": "fällig am {date}",
        "all_committed": "alle Beteiligten haben sich verpflichtet",
        "committed": "{group}: verpflichtet",
        "committed_by": "{group}: verpflichtet ({name})",
        "not_committed": "{group}: noch nicht verpflichtet",
        "status.proposed": "vorgeschlagen",
        "status.agreed": "vereinbart",
        "status.in_progress": "in Arbeit",
        "status.blocked": "blockiert",
        "status.done": "erledigt",
        "status.dropped": "verworfen",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    words = _TEXT.get(lang, _TEXT["en"])
    return words[key].format(**values)


def votes(lang: str, n: int) -> str:
    """"1 vote", "2 votes"; "1 hääl", "2 häält"; "1 Stimme", "2 Stimmen"."""
    return text(lang, "vote.one" if n == 1 else "vote.other", n=n)


def status(lang: str, name: str) -> str:
    """An action's status in the report's words ("in progress", "töös", "in Arbeit")."""
    return text(lang, f"status.{name}")
