"""Which of the workshop's languages a note is written in, from its own words.

A note is a handful of words, so a statistical detector trained on long text
guesses badly; counting the language's most common words and its letters does
better on notes and needs no model. A note that gives no sign is taken to be in
the workshop's language.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "et", "de")



def _words(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


# Frequent short words: the stop words of each language, also the detector's evidence.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words("""a an and are as at be been but by can could do for from has have
        how if in into is it its more most no not of on or our should so than that the
        their them there these they this to too was we were what when where which who
        will with would you your all any also each every many much need needs very
        make more less get"""),
    "et": _words("""ja ning ei on ka et see seda selle need neid mis kes kus kui
        kuid aga või siis nii ka veel kõik oma meie me nad ta tema olla oleks peaks
        peab tuleb võiks saab rohkem vähem väga ju juba ainult iga ühe üks mitte ilma
        kaudu jaoks järele poolt vastu vaja"""),
    "de": _words("""der die das den dem des ein eine einer einen einem und oder aber
        ist sind war wird werden wurde mit von zu zur zum im in auf für an am bei aus
        nach über unter nicht kein keine mehr weniger sehr auch nur noch schon wie was
        wer wo wenn dass es sie er wir ihr uns sollte sollten soll müssen muss können
        kann braucht gibt alle jede jeder"""),
}
# Letters that a language has and the others mostly lack (worth two stop words), and
# spellings it has more of (half a stop word each): long vowels in Estonian.
LETTERS = {"et": re.compile("[õ]"), "de": re.compile("[ß]")}
SPELLINGS = {"et": re.compile("aa|ee|ii|oo|uu|ää|üü|öö"),
             "de": re.compile("sch|ung\\b|tz|ei"),
             "en": re.compile("th|ing\\b|w")}
UMLAUTS = re.compile("[äöü]")
WORD = re.compile(r"[^\W\d_]+")


def detect(text: str, default: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """The language among `languages` whose stop words and letters the text has
    most of; `default` when none shows (or on a tie that includes it)."""
    words = [w.lower() for w in WORD.findall(text)]
    scores: dict[str, float] = {lang: sum(w in STOP_WORDS[lang] for w in words)
                                for lang in languages}
    lowered = text.lower()
    for lang, letters in LETTERS.items():
        if lang in scores:
            scores[lang] += 2 * len(letters.findall(lowered))
    for lang, spellings in SPELLINGS.items():
        if lang in scores:
            scores[lang] += 0.5 * len(spellings.findall(lowered))
    if UMLAUTS.search(lowered):
        # Both Estonian and German write ä, ö and ü: a hint against English only.
        for lang in ("et", "de"):
            if lang in scores:
                scores[lang] += 0.5
    best = max(scores.values(), default=0)
    if best == 0:
        return default if default in languages else languages[0]
    leaders = [lang for lang in languages if scores[lang] == best]
    return default if default in leaders else leaders[0]
