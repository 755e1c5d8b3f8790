"""The privacy notice's words (the join page's short notice and the full /privacy
statement) in English, Estonian and German, and the notice built from them.

Pure data and string building: the endpoint (endpoints/statements.py) hands in
the operator's settings and the workshop's, and gets sentences back. Unknown
languages fall back to English.
"""

from __future__ import annotations

from dataclasses import dataclass

from cocreate.board.names import DEFAULT_LANGUAGE, LANGUAGES

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "heading": "Privacy notice",
        "controller": "This service is run by {name}.",
        "contact": "Contact: {contact}.",
        "no_controller": "The operator of this server has not said who is responsible for "
                         "it: ask the facilitator.",
        "dpo": "Data protection officer: {contact}.",
        "stored": "Stored: the name you enter, your stakeholder group and organisation if you "
                  "give them, the notes you write and your votes.",
        "retention": "All of it is deleted {days} after the workshop closes.",
        "day.one": "{n} day",
        "day.other": "{n} days",
        "members": "Everyone in the workshop sees the list of who has joined, with names and "
                   "groups.",
        "authors.named": "Your notes show your name to everyone in the workshop.",
        "authors.group": "Your notes show only your stakeholder group, not your name.",
        "authors.hidden": "Your notes are shown without your name or group.",
        "facilitator_sees": "The facilitators see who wrote each note.",
        "facilitator_blind": "Not even the facilitators see who wrote a note.",
        "careful": "Notes can reveal political opinions or trade-union membership: write only "
                   "what you are happy to share in this workshop.",
        "note": "From the organisers:",
        "full": "Full privacy statement",
        # The full statement (/privacy).
        "page_title": "Privacy statement",
        "intro": "What this Cocreate server stores about the people who take part in its "
                 "workshops, where, for how long, and what you can ask for.",
        "who_h": "Who is responsible",
        "what_h": "What is stored",
        "what_name": "Your name, your stakeholder group and organisation if you give them, and "
                     "whether you take part on site or remotely.",
        "what_work": "What you write and do on the boards: notes, clusters, votes and scores, "
                     "actions, and which room you are in. Every change is kept in the "
                     "workshop's log, so that boards can be rebuilt, undone and exported.",
        "what_key": "A random key that lets your browser back into the workshop. The server "
                    "stores only a hash of it; your browser keeps the key on your device "
                    "(local storage) until you clear it.",
        "what_not": "The database does not store your IP address. The server's log notes "
                    "addresses only when the operator turns on detailed logging.",
        "where_h": "Where",
        "where": "In this server's database. The pages load no fonts, scripts or trackers from "
                 "other sites, and nothing is passed to other services.",
        "sees_h": "Who sees it",
        "sees": "The people in a workshop and its facilitators. Each workshop chooses how "
                "notes are signed: with the author's name, with their stakeholder group only, "
                "or not at all; and whether the facilitators see who wrote a note. The "
                "exports and reports follow the same choice.",
        "long_h": "How long",
        "long": "A workshop, and everything in it, is deleted {days} after it closes (a "
                "workshop may have a period of its own: its join page says which). Backups "
                "the operator keeps are overwritten on their own cycle.",
        "rights_h": "Your rights",
        "rights": "You may ask to see what is stored about you, to have it corrected or "
                  "erased, and to restrict or object to its use (GDPR Articles 15 to 21). Ask "
                  "the facilitator of your workshop or the contact above. You may also "
                  "complain to a data protection supervisory authority.",
        "special_h": "Opinions that need care",
        "special": "Notes in workshops with unions and politicians can reveal political "
                   "opinions or trade-union membership, which the GDPR protects specially "
                   "(Article 9). Organisers can show notes by group or without authors.",
        "accessibility": "Accessibility statement",
        "home": "Back to Cocreate",
    },
    "et": {
        "heading": "Privaatsusteave",
        "controller": "Teenust pakub {name}.",
        "contact": "Kontakt: {contact}.",
        "no_controller": "Serveri haldaja ei ole teatanud, kes selle eest vastutab: küsi "
                         "läbiviijalt.",
        "dpo": "Andmekaitsespetsialist: {contact}.",
        "stored": "Salvestatakse sinu sisestatud nimi, sinu huvirühm ja organisatsioon, kui "
                  "need annad, sinu kirjutatud märkmed ja sinu hääled.",
        "retention": "Kõik see kustutatakse {days} pärast töötoa sulgemist.",
        "day.one": "{n} päeva",
        "day.other": "{n} päeva",
        "members": "Kõik töötoas osalejad näevad liitunute nimekirja koos nimede ja "
                   "huvirühmadega.",
        "authors.named": "Sinu märkmete juures näevad kõik töötoas osalejad sinu nime.",
        "authors.group": "Sinu märkmete juures on näha ainult sinu huvirühm, mitte nimi.",
        "authors.hidden": "Sinu märkmed on näha ilma nime ja huvirühmata.",
        "facilitator_sees": "Läbiviijad näevad, kes iga märkme kirjutas.",
        "facilitator_blind": "Ka läbiviijad ei näe, kes märkme kirjutas.",
        "careful": "Märkmed võivad avaldada poliitilisi vaateid või ametiühingusse kuulumist: "
                   "kirjuta ainult seda, mida oled valmis selles töötoas jagama.",
        "note": "Korraldajatelt:",
        "full": "Täielik privaatsusteave",
        "page_title": "Privaatsusteave",
        "intro": "Mida see Cocreate'i server oma töötubades osalejate kohta salvestab, kus, kui "
                 "kauaks ja mida sa võid nõuda.",
        "who_h": "Kes vastutab",
        "what_h": "Mida salvestatakse",
        "what_name": "Sinu nimi, sinu huvirühm ja organisatsioon, kui need annad, ning kas "
                     "osaled kohapeal või eemalt.",
        "what_work": "Mida tahvlitel kirjutad ja teed: märkmed, rühmad, hääled ja hinded, "
                     "tegevused ning ruum, kus oled. Iga muudatus jääb töötoa logisse, et "
                     "tahvleid saaks taastada, tagasi võtta ja eksportida.",
        "what_key": "Juhuslik võti, millega sinu brauser töötuppa tagasi pääseb. Server "
                    "salvestab sellest ainult räsi; võtit ennast hoiab brauser sinu seadmes "
                    "(kohalikus salvestusruumis), kuni selle kustutad.",
        "what_not": "Andmebaas ei salvesta sinu IP-aadressi. Serveri logi märgib aadresse "
                    "ainult siis, kui haldaja lülitab sisse üksikasjaliku logimise.",
        "where_h": "Kus",
        "where": "Selle serveri andmebaasis. Lehed ei laadi teistelt saitidelt fonte, skripte "
                 "ega jälgijaid ning midagi ei anta teistele teenustele.",
        "sees_h": "Kes seda näeb",
        "sees": "Töötoas osalejad ja selle läbiviijad. Iga töötuba valib, kuidas märkmed on "
                "allkirjastatud: kirjutaja nimega, ainult tema huvirühmaga või üldse mitte; "
                "ning kas läbiviijad näevad, kes märkme kirjutas. Ekspordid ja aruanded "
                "järgivad sama valikut.",
        "long_h": "Kui kaua",
        "long": "Töötuba ja kõik selles kustutatakse {days} pärast selle sulgemist (töötoal "
                "võib olla oma tähtaeg: selle liitumisleht ütleb, milline). Haldaja "
                "varukoopiad kirjutatakse üle nende oma tsükli järgi.",
        "rights_h": "Sinu õigused",
        "rights": "Sa võid küsida, mida sinu kohta on salvestatud, nõuda selle parandamist või "
                  "kustutamist ning piirata selle kasutamist või esitada vastuväite "
                  "(isikuandmete kaitse üldmääruse artiklid 15–21). Pöördu oma töötoa "
                  "läbiviija või ülaltoodud kontakti poole. Võid esitada kaebuse ka "
                  "andmekaitse järelevalveasutusele.",
        "special_h": "Arvamused, mis vajavad hoolt",
        "special": "Ametiühingute ja poliitikutega töötubade märkmed võivad avaldada "
                   "poliitilisi vaateid või ametiühingusse kuulumist, mida isikuandmete "
                   "kaitse üldmäärus kaitseb eriliselt (artikkel 9). Korraldajad saavad "
                   "näidata märkmeid huvirühma kaupa või ilma kirjutajata.",
        "accessibility": "Ligipääsetavuse teatis",
        "home": "Tagasi Cocreate'i",
    },
    "de": {
        "heading": "Datenschutzhinweis",
        "controller": "Verantwortlich für diesen Dienst ist {name}.",
        "contact": "Kontakt: {contact}.",
        "no_controller": "Der Betreiber dieses Servers hat nicht angegeben, wer verantwortlich "
                         "ist: Fragen Sie die Moderation.",
        "dpo": "Datenschutzbeauftragte Stelle: {contact}.",
        "stored": "Gespeichert werden der Name, den Sie eingeben, Ihre Interessengruppe und "
                  "Organisation, wenn Sie sie angeben, Ihre Notizen und Ihre Stimmen.",
        "retention": "All das wird {days} nach dem Schließen des Workshops gelöscht.",
        "day.one": "{n} Tag",
        "day.other": "{n} Tage",
        "members": "Alle im Workshop sehen die Liste der Teilnehmenden mit Namen und Gruppen.",
        "authors.named": "Bei Ihren Notizen sehen alle im Workshop Ihren Namen.",
        "authors.group": "Bei Ihren Notizen ist nur Ihre Interessengruppe zu sehen, nicht Ihr "
                         "Name.",
        "authors.hidden": "Ihre Notizen werden ohne Namen und Gruppe gezeigt.",
        "facilitator_sees": "Die Moderation sieht, wer welche Notiz geschrieben hat.",
        "facilitator_blind": "Auch die Moderation sieht nicht, wer eine Notiz geschrieben hat.",
        "careful": "Notizen können politische Meinungen oder eine Gewerkschaftszugehörigkeit "
                   "verraten: Schreiben Sie nur, was Sie in diesem Workshop teilen möchten.",
        "note": "Von den Veranstaltenden:",
        "full": "Vollständige Datenschutzerklärung",
        "page_title": "Datenschutzerklärung",
        "intro": "Was dieser Cocreate-Server über die Teilnehmenden seiner Workshops "
                 "speichert, wo, wie lange, und was Sie verlangen können.",
        "who_h": "Wer verantwortlich ist",
        "what_h": "Was gespeichert wird",
        "what_name": "Ihr Name, Ihre Interessengruppe und Organisation, wenn Sie sie angeben, "
                     "und ob Sie vor Ort oder aus der Ferne teilnehmen.",
        "what_work": "Was Sie auf den Boards schreiben und tun: Notizen, Cluster, Stimmen und "
                     "Bewertungen, Maßnahmen und in welchem Raum Sie sind. Jede Änderung "
                     "bleibt im Protokoll des Workshops, damit Boards wiederhergestellt, "
                     "rückgängig gemacht und exportiert werden können.",
        "what_key": "Ein zufälliger Schlüssel, mit dem Ihr Browser wieder in den Workshop "
                    "kommt. Der Server speichert davon nur einen Hash; den Schlüssel selbst "
                    "behält Ihr Browser auf Ihrem Gerät (lokaler Speicher), bis Sie ihn "
                    "löschen.",
        "what_not": "Die Datenbank speichert Ihre IP-Adresse nicht. Das Serverprotokoll "
                    "enthält Adressen nur, wenn der Betreiber ausführliche Protokollierung "
                    "einschaltet.",
        "where_h": "Wo",
        "where": "In der Datenbank dieses Servers. Die Seiten laden keine Schriften, Skripte "
                 "oder Tracker von anderen Seiten, und nichts wird an andere Dienste "
                 "weitergegeben.",
        "sees_h": "Wer es sieht",
        "sees": "Die Teilnehmenden eines Workshops und seine Moderation. Jeder Workshop legt "
                "fest, wie Notizen gezeichnet sind: mit dem Namen, nur mit der "
                "Interessengruppe oder gar nicht; und ob die Moderation sieht, wer eine Notiz "
                "geschrieben hat. Exporte und Berichte folgen derselben Wahl.",
        "long_h": "Wie lange",
        "long": "Ein Workshop und alles darin wird {days} nach seinem Schließen gelöscht (ein "
                "Workshop kann eine eigene Frist haben: Seine Beitrittsseite nennt sie). "
                "Sicherungen des Betreibers werden in ihrem eigenen Zyklus überschrieben.",
        "rights_h": "Ihre Rechte",
        "rights": "Sie können Auskunft verlangen, was über Sie gespeichert ist, und "
                  "Berichtigung, Löschung, Einschränkung der Verarbeitung oder Widerspruch "
                  "(DSGVO Artikel 15 bis 21). Wenden Sie sich an die Moderation Ihres "
                  "Workshops oder an den Kontakt oben. Sie können sich auch bei einer "
                  "Datenschutz-Aufsichtsbehörde beschweren.",
        "special_h": "Meinungen, die Sorgfalt brauchen",
        "special": "Notizen aus Workshops mit Gewerkschaften und Politik können politische "
                   "Meinungen oder eine Gewerkschaftszugehörigkeit verraten, die die DSGVO "
                   "besonders schützt (Artikel 9). Veranstaltende können Notizen nach Gruppe "
                   "oder ohne Namen zeigen.",
        "accessibility": "Erklärung zur Barrierefreiheit",
        "home": "Zurück zu Cocreate",
    },
}


@dataclass(frozen=True)
class Controller:
    """Who runs the server, as the operator named them (empty: not named)."""

    name: str = ""
    contact: str = ""
    dpo_contact: str = ""


def text(language: str, key: str, **values: object) -> str:
    return _TEXT[language if language in LANGUAGES else DEFAULT_LANGUAGE][key].format(**values)


def days(language: str, n: int) -> str:
    """`n` days, as the sentences put it ("180 days", "180 päeva", "180 Tage")."""
    return text(language, "day.one" if n == 1 else "day.other", n=n)


def controller_lines(language: str, controller: Controller) -> list[str]:
    """Who is responsible and how to reach them."""
    if not controller.name:
        lines = [text(language, "no_controller")]
    else:
        lines = [text(language, "controller", name=controller.name)]
    if controller.contact:
        lines.append(text(language, "contact", contact=controller.contact))
    if controller.dpo_contact:
        lines.append(text(language, "dpo", contact=controller.dpo_contact))
    return lines


def notice(language: str, controller: Controller, retention_days: int, authors: str,
           facilitator_sees_authors: bool) -> list[str]:
    """The short notice a participant reads before joining, one sentence group a line."""
    who_sees = [text(language, "members"), text(language, f"authors.{authors}")]
    if authors != "named":
        who_sees.append(text(language, "facilitator_sees" if facilitator_sees_authors
                             else "facilitator_blind"))
    return [
        " ".join(controller_lines(language, controller)),
        text(language, "stored") + " "
        + text(language, "retention", days=days(language, retention_days)),
        " ".join(who_sees),
        text(language, "careful"),
    ]
