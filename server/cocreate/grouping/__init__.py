"""Grouping suggestions computed on this server alone: which notes say the same
thing (in English, Estonian or German), and which notes are like one being written.

Nothing here sends anything anywhere or downloads anything: the stemmers and the
stop words are bundled with the packages. `words` turns a note into terms,
`language` guesses the language of a note, `similarity` finds groups, titles and
near-duplicates. The callers run it on a worker thread (it is CPU work).
"""
