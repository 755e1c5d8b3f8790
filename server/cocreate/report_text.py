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
        "results": "Results from the rooms",
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
    },
    "et": {
        "room": "Ruum: {name}",
        "challenge": "Väljakutse",
        "constraints": "Piirangud",
        "clusters": "Rühmad",
        "ungrouped": "Rühmitamata märkmed",
        "results": "Tulemused ruumidest",
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
    },
    "de": {
        "room": "Raum: {name}",
        "challenge": "Herausforderung",
        "constraints": "Rahmenbedingungen",
        "clusters": "Cluster",
        "ungrouped": "Nicht gruppierte Notizen",
        "results": "Ergebnisse aus den Räumen",
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
    },
}


def text(lang: str, key: str, **values: object) -> str:
    words = _TEXT.get(lang, _TEXT["en"])
    return words[key].format(**values)


def votes(lang: str, n: int) -> str:
    """"1 vote", "2 votes"; "1 hääl", "2 häält"; "1 Stimme", "2 Stimmen"."""
    return text(lang, "vote.one" if n == 1 else "vote.other", n=n)
