"""The accessibility statement's words in English, Estonian and German, after the EU
model statement (Commission Implementing Decision (EU) 2018/1523).

Pure data. The known gaps are the project's own assessment (docs/accessibility.md)
unless the operator lists theirs. Unknown languages fall back to English.
"""

from __future__ import annotations

from cocreate.board.names import DEFAULT_LANGUAGE, LANGUAGES

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "Accessibility statement",
        "intro": "{who} wants this Cocreate server to be accessible, in line with the EU Web "
                 "Accessibility Directive (2016/2102). This statement covers every page of "
                 "it: joining, the boards, the facilitator console, the wall, reports and the "
                 "organiser pages.",
        "operator": "The operator of this server",
        "status_h": "Compliance status",
        "status.fully": "This service is fully compliant with EN 301 549 (WCAG 2.1 level AA).",
        "status.partially": "This service is partially compliant with EN 301 549 (WCAG 2.1 "
                            "level AA), because of the gaps listed below.",
        "status.not": "This service is not compliant with EN 301 549 (WCAG 2.1 level AA). "
                      "The gaps are listed below.",
        "gaps_h": "What is not yet accessible",
        "no_gaps": "No gaps are known.",
        "gap.changes": "Other people's edits, moves and clusters appear on the board without "
                       "being announced to screen readers. New notes, votes, rounds, locks "
                       "and the facilitator's announcements are announced.",
        "gap.place": "Where a note lies on the canvas is shown only visually: a screen reader "
                     "hears its text, author, cluster and votes. On a narrow screen the board "
                     "is a list instead.",
        "gap.pointers": "Other people's pointers on the board are shown only visually.",
        "gap.wall": "The wall (the projector view) changes without announcements: it is a "
                    "display for the room, and each person's own board announces what "
                    "changes.",
        "prepared_h": "How this statement was prepared",
        "prepared": "The statement was last reviewed on {date}. It rests on the project's "
                    "own assessment: automated checks (axe) of every page at laptop, phone and "
                    "projector size in its tests, tests that use the keyboard alone, and "
                    "review by hand.",
        "feedback_h": "Feedback and contact",
        "feedback": "Tell us about any barrier you meet, or ask for content in another form: "
                    "{contact}.",
        "no_contact": "The operator of this server has not given a contact: tell the "
                      "facilitator or organiser of your workshop.",
        "enforcement_h": "Enforcement procedure",
        "enforcement_default": "If the answer to your feedback does not satisfy you, turn to "
                               "the body that enforces the Web Accessibility Directive in "
                               "your country.",
        "privacy": "Privacy statement",
        "home": "Back to Cocreate",
    },
    "et": {
        "page_title": "Ligipääsetavuse teatis",
        "intro": "{who} soovib, et see Cocreate'i server oleks ligipääsetav vastavalt ELi "
                 "veebijuurdepääsetavuse direktiivile (2016/2102). Teatis hõlmab kõiki selle "
                 "lehti: liitumist, tahvleid, läbiviija juhtpaneeli, seina, aruandeid ja "
                 "korraldajate lehti.",
        "operator": "Selle serveri haldaja",
        "status_h": "Vastavus",
        "status.fully": "Teenus vastab täielikult standardile EN 301 549 (WCAG 2.1 tase AA).",
        "status.partially": "Teenus vastab osaliselt standardile EN 301 549 (WCAG 2.1 tase "
                            "AA) allpool loetletud puuduste tõttu.",
        "status.not": "Teenus ei vasta standardile EN 301 549 (WCAG 2.1 tase AA). Puudused "
                      "on loetletud allpool.",
        "gaps_h": "Mis ei ole veel ligipääsetav",
        "no_gaps": "Teadaolevaid puudusi ei ole.",
        "gap.changes": "Teiste inimeste muudatused, liigutused ja rühmad ilmuvad tahvlile "
                       "ekraanilugejale teatamata. Uutest märkmetest, hääletustest, "
                       "voorudest, lukustamisest ja läbiviija teadaannetest teatatakse.",
        "gap.place": "Märkme asukoht lõuendil on näha ainult visuaalselt: ekraanilugeja "
                     "loeb selle teksti, autori, rühma ja hääled. Kitsal ekraanil on tahvel "
                     "hoopis loend.",
        "gap.pointers": "Teiste inimeste kursorid tahvlil on näha ainult visuaalselt.",
        "gap.wall": "Sein (projektori vaade) muutub teadaanneteta: see on ruumi jaoks mõeldud "
                    "ekraan ning igaühe oma tahvel teatab muudatustest.",
        "prepared_h": "Kuidas teatis koostati",
        "prepared": "Teatis vaadati viimati üle {date}. See põhineb projekti enda hinnangul: "
                    "iga lehe automaatne kontroll (axe) sülearvuti, telefoni ja projektori "
                    "suuruses selle testides, ainult klaviatuuriga tehtavad testid ja käsitsi "
                    "ülevaatus.",
        "feedback_h": "Tagasiside ja kontakt",
        "feedback": "Anna teada igast takistusest või küsi sisu muul kujul: {contact}.",
        "no_contact": "Serveri haldaja ei ole kontakti andnud: anna teada oma töötoa "
                      "läbiviijale või korraldajale.",
        "enforcement_h": "Järelevalvemenetlus",
        "enforcement_default": "Kui vastus sinu tagasisidele sind ei rahulda, pöördu oma "
                               "riigis veebijuurdepääsetavuse direktiivi täitmist jälgiva "
                               "asutuse poole.",
        "privacy": "Privaatsusteave",
        "home": "Tagasi Cocreate'i",
    },
    "de": {
        "page_title": "Erklärung zur Barrierefreiheit",
        "intro": "{who} möchte diesen Cocreate-Server barrierefrei zugänglich machen, gemäß der "
                 "EU-Richtlinie über den barrierefreien Zugang zu Websites (2016/2102). Diese "
                 "Erklärung gilt für alle seine Seiten: Teilnahme, Boards, die Konsole der "
                 "Moderation, die Wand, Berichte und die Seiten für Veranstaltende.",
        "operator": "Der Betreiber dieses Servers",
        "status_h": "Stand der Vereinbarkeit",
        "status.fully": "Dieser Dienst ist vollständig mit EN 301 549 (WCAG 2.1 Stufe AA) "
                        "vereinbar.",
        "status.partially": "Dieser Dienst ist wegen der unten genannten Mängel teilweise mit "
                            "EN 301 549 (WCAG 2.1 Stufe AA) vereinbar.",
        "status.not": "Dieser Dienst ist nicht mit EN 301 549 (WCAG 2.1 Stufe AA) vereinbar. "
                      "Die Mängel sind unten genannt.",
        "gaps_h": "Was noch nicht barrierefrei ist",
        "no_gaps": "Es sind keine Mängel bekannt.",
        "gap.changes": "Änderungen, Verschiebungen und Cluster anderer Personen erscheinen "
                       "auf dem Board, ohne dass Screenreader sie ansagen. Neue Notizen, "
                       "Abstimmungen, Runden, Sperren und Durchsagen der Moderation werden "
                       "angesagt.",
        "gap.place": "Wo eine Notiz auf der Fläche liegt, ist nur zu sehen: Ein Screenreader "
                     "liest ihren Text, die Person, den Cluster und die Stimmen. Auf einem "
                     "schmalen Bildschirm ist das Board stattdessen eine Liste.",
        "gap.pointers": "Die Mauszeiger anderer Personen auf dem Board sind nur zu sehen.",
        "gap.wall": "Die Wand (die Ansicht für den Projektor) ändert sich ohne Ansagen: Sie "
                    "ist eine Anzeige für den Raum, und das eigene Board jeder Person sagt an, "
                    "was sich ändert.",
        "prepared_h": "Wie diese Erklärung erstellt wurde",
        "prepared": "Die Erklärung wurde zuletzt am {date} überprüft. Sie beruht auf der "
                    "Selbstbewertung des Projekts: automatische Prüfungen (axe) jeder Seite "
                    "in Laptop-, Telefon- und Projektorgröße in seinen Tests, Tests allein "
                    "mit der Tastatur und Prüfung von Hand.",
        "feedback_h": "Feedback und Kontakt",
        "feedback": "Melden Sie uns jede Barriere, auf die Sie stoßen, oder fragen Sie nach "
                    "Inhalten in anderer Form: {contact}.",
        "no_contact": "Der Betreiber dieses Servers hat keinen Kontakt angegeben: Wenden Sie "
                      "sich an die Moderation oder die Veranstaltenden Ihres Workshops.",
        "enforcement_h": "Durchsetzungsverfahren",
        "enforcement_default": "Wenn Sie die Antwort auf Ihr Feedback nicht zufriedenstellt, "
                               "wenden Sie sich an die Stelle, die in Ihrem Land die "
                               "Richtlinie über den barrierefreien Zugang durchsetzt.",
        "privacy": "Datenschutzerklärung",
        "home": "Zurück zu Cocreate",
    },
}

# The project's own list of known gaps (docs/accessibility.md), in this order.
PROJECT_GAPS = ("gap.changes", "gap.place", "gap.pointers", "gap.wall")


def text(language: str, key: str, **values: object) -> str:
    return _TEXT[language if language in LANGUAGES else DEFAULT_LANGUAGE][key].format(**values)
