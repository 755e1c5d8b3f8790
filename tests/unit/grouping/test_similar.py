"""Similar notes for a note being written: pure Python, no scikit-learn."""

from __future__ import annotations

import subprocess
import sys

from cocreate.grouping.similar import similar_to

NOTES = [("b1", "Bussiliinid peaksid ühendama külad linnaga"),
         ("b2", "Bussiliinide sagedus on liiga väike"),
         ("b3", "Mehr Buslinien in die Dörfer"),
         ("b4", "More bus lines to the villages"),
         ("l1", "Longer library opening hours"),
         ("l2", "The library should open on Sundays"),
         ("l3", "A library open in the evenings for working people"),
         ("x1", "Plant more trees in the market square")]


def test_the_most_alike_notes_first_across_languages() -> None:
    assert similar_to("bus line to my village", NOTES)[0] == "b4"
    assert set(similar_to("buss minu külla", NOTES, "et")) <= {"b1", "b2", "b3", "b4"}
    assert set(similar_to("library open on Sunday", NOTES)) <= {"l1", "l2", "l3"}


def test_nothing_like_it_and_nothing_written_give_nothing() -> None:
    assert similar_to("", NOTES) == []
    assert similar_to("the and of", NOTES) == []
    assert similar_to("Quantum chromodynamics", NOTES) == []
    assert len(similar_to("library library bus bus lines", NOTES)) == 3


def test_the_server_never_loads_scikit_learn_for_similar_notes() -> None:
    # A fresh interpreter: what the server imports, and a similar-notes answer.
    probe = ("import sys, cocreate.queries\n"
             "from cocreate.grouping.similar import similar_to\n"
             "assert similar_to('bus line', [('a', 'bus lines')]) == ['a']\n"
             "print(sorted(m for m in ('sklearn', 'scipy', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.strip() == "[]"
