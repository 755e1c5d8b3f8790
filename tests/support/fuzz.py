"""Fuzzing the protocol across two server processes: scripts, a client's model, the checks.

A `Script` is one Hypothesis example: a workshop (its author display), who takes
part (the facilitator on one or two sockets, one to three participants, maybe a
wall) and a sequence of steps. Steps are symbolic, so a script prints as Python
that can be pasted back (`from support.fuzz import *`) and saved as JSON:

- `Op`: a well-formed op with data of the right types (values mostly valid,
  sometimes past a limit or full of unicode edge cases). Ids are `Ref`s, resolved
  when the step runs against what the sending client sees (`Ref("note", 2)` is
  the third note on its board, or an id that does not exist if there is none);
  `retry=k` sends it with the ref of the member's k-th acked op again.
- `Mutant`: an op frame with one field (`ref`, `op`, `data` or a field of the
  data) replaced by a value of another JSON type, or deleted.
- `Frame` / `Raw` / `Binary`: any other frame, as a JSON value, as text (not
  JSON, deeply nested, lone surrogates, NaN, BOM, ...) or as a binary message.
- `Hello`: a hello on a connection that said hello already (its own token or
  someone else's, any room, any `since`, wrong types).
- `Reconnect`: close a client's socket and open one on either process, sending
  junk frames before the hello (`since` set to the last seq the model applied).
- `Oversized`: a dedicated socket sends a message of `size` bytes (1009 past 64 KiB).
- `Sync`: wait until every client has every event of its room.

`Run` plays a script against real `cocreate serve` processes that share a
database and a `redis-server`. Every frame sent must get exactly one answer of
the kind the protocol gives it (`ack` or `error` with the op's ref, `pong`
echoing `t`, `welcome`, `overview`; valid cursors none) or one of the
documented closes (4401 for a bad hello, 4403 after a removal, 1009 for a
message over 64 KiB). Each client keeps a `Board` as the web client does
(web/js/board-state.js): a welcome's state, then every event in seq order
(a gap or a repeat fails). At the end every room's event log is read from both
processes (`hello` with `since: 0`) and must be identical, each acked op must
be the event at its seq, and every client's board must equal a fresh welcome's
from both processes.

Profiles: `ci` (the default, `make test`): 20 examples, derandomized, no
example database. `long` (`HYPOTHESIS_PROFILE=long`, `make fuzz`): random
rounds of examples until `FUZZ_SECONDS` run out, failures kept in Hypothesis's
database under `tests/fuzz-regressions/hypothesis/` and the shrunk failing
script written to `tests/fuzz-regressions/*.json`, which every later run
(`make test` included) replays first as an explicit example.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from websockets.exceptions import ConnectionClosed

from support.api import Api, Member
from support.server import REPO, ServerProcess
from support.ws import Client

Message = dict[str, Any]

# --- profiles -------------------------------------------------------------------------------

REGRESSIONS_DIR = REPO / "tests" / "fuzz-regressions"
PROFILES = {"ci": "cocreate-fuzz-ci", "long": "cocreate-fuzz-long"}
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
             HealthCheck.filter_too_much]
# Hypothesis has a built-in profile called "ci": ours get names of their own.
# `ci` does not shrink a failure (that may take minutes): it prints the whole script.
settings.register_profile(PROFILES["ci"], max_examples=25, deadline=None, derandomize=True,
                          database=None, print_blob=False, suppress_health_check=_SUPPRESS,
                          phases=(Phase.explicit, Phase.generate), report_multiple_bugs=False)
settings.register_profile(PROFILES["long"], max_examples=20, deadline=None, derandomize=False,
                          database=DirectoryBasedExampleDatabase(REGRESSIONS_DIR / "hypothesis"),
                          print_blob=True, suppress_health_check=_SUPPRESS,
                          report_multiple_bugs=False)


def profile_name() -> str:
    """`long` if HYPOTHESIS_PROFILE says so, else `ci`."""
    return "long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "ci"


def profile() -> settings:
    return settings.get_profile(PROFILES[profile_name()])


# --- scripts ----------------------------------------------------------------------------------

DELETE = "$delete"  # a Mutant's value that removes the field


@dataclass(frozen=True)
class Ref:
    """An id resolved when the step runs: note, cluster, target (of a vote), room, member."""

    kind: str
    index: int


@dataclass(frozen=True)
class Op:
    client: int
    op: str
    data: Any = None
    retry: int | None = None


@dataclass(frozen=True)
class Mutant:
    client: int
    op: str
    data: Any
    path: tuple[str, ...]
    value: Any


@dataclass(frozen=True)
class Frame:
    client: int
    frame: Any


@dataclass(frozen=True)
class Raw:
    client: int
    text: str


@dataclass(frozen=True)
class Binary:
    client: int
    data: bytes


@dataclass(frozen=True)
class Hello:
    client: int
    token: Any = "$self"  # "$self", "$other", "$bogus" or a literal
    room: Any = "$current"  # "$current", "$omit", "$plenary", a Ref or a literal
    since: Any = "$seq"  # "$seq", "$omit" or a literal


@dataclass(frozen=True)
class Reconnect:
    client: int
    server: int
    junk: tuple[Any, ...] = ()  # frames before the hello: str as text, else as JSON


@dataclass(frozen=True)
class Oversized:
    server: int
    size: int
    helloed: bool = False


@dataclass(frozen=True)
class Sync:
    pass


Step = Op | Mutant | Frame | Raw | Binary | Hello | Reconnect | Oversized | Sync
STEP_TYPES: dict[str, type] = {t.__name__: t for t in
                               (Op, Mutant, Frame, Raw, Binary, Hello, Reconnect, Oversized, Sync)}


@dataclass(frozen=True)
class Script:
    authors: str
    participants: int
    wall: bool
    facilitators: int
    steps: tuple[Step, ...]


def _to_json(value: Any) -> Any:
    if isinstance(value, Ref):
        return {"$ref": [value.kind, value.index]}
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, tuple):
        return {"$tuple": [_to_json(v) for v in value]}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        if any(k.startswith("$") for k in value):  # not to be read as one of the above
            return {"$dict": [[k, _to_json(v)] for k, v in value.items()]}
        return {k: _to_json(v) for k, v in value.items()}
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if isinstance(value, dict):
        if "$ref" in value:
            return Ref(*value["$ref"])
        if "$bytes" in value:
            return bytes.fromhex(value["$bytes"])
        if "$tuple" in value:
            return tuple(_from_json(v) for v in value["$tuple"])
        if "$dict" in value:
            return {k: _from_json(v) for k, v in value["$dict"]}
        return {k: _from_json(v) for k, v in value.items()}
    return value


def script_to_json(script: Script) -> str:
    steps = [{"step": type(s).__name__, **{f.name: _to_json(getattr(s, f.name))
                                           for f in fields(s)}} for s in script.steps]
    head = json.dumps({k: v for k, v in asdict(script).items() if k != "steps"})
    lines = ",\n".join("  " + json.dumps(step, ensure_ascii=True) for step in steps)
    return head[:-1] + ', "steps": [\n' + lines + "\n]}"  # one step a line


def script_from_json(text: str) -> Script:
    raw = json.loads(text)
    steps = []
    for s in raw.pop("steps"):
        kind = STEP_TYPES[s.pop("step")]
        steps.append(kind(**{k: _from_json(v) for k, v in s.items()}))
    return Script(**raw, steps=tuple(steps))


def saved_scripts() -> list[tuple[str, Script]]:
    """Every failing script `make fuzz` saved, by file name."""
    return [(p.name, script_from_json(p.read_text(encoding="utf-8")))
            for p in sorted(REGRESSIONS_DIR.glob("*.json"))]


def save_script(script: Script) -> Path:
    text = script_to_json(script)
    REGRESSIONS_DIR.mkdir(parents=True, exist_ok=True)
    path = REGRESSIONS_DIR / f"fuzz-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    path.write_text(text + "\n", encoding="utf-8")
    return path


# --- strategies ---------------------------------------------------------------------------------

COLORS = ("yellow", "pink", "blue", "green", "orange", "purple", "white")
EDGE_TEXTS = (
    "idea", "  padded  ", "e\u0301 and \u00e9", "\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "\U0001f3f3\ufe0f\u200d\U0001f308", "\u202eevil right-to-left", "zero\u200bwidth\u200d",
    "\ufeffBOM inside", "\uffff\ufffe nonchars", "\U0010ffff", "Z\u0334\u0321a\u0335l\u0338g",
    "<script>alert(1)</script>", "'; DROP TABLE notes; --", "a\nb\r\nc\td", "\u2028\u2029",
    "null", "\\u0000", "x" * 1000, "\U0001f600" * 1000, "x" * 1001, " " * 5, "", "nul\x00",
    "bell\x07", "\x85next line", "\U0001d573\U0001d58a", "\u0627\u0644\u0633\u0644\u0627\u0645",
)
WRONG = (None, True, False, 0, -1, 1.5, "", "x", [], [1, "a"], {}, {"a": {"b": []}},
         2**64 - 1, 2**64, -(2**63) - 1, 1e308, "\x00", "\U0001f642" * 3)
BAD_IDS = ("", "../../etc/passwd", "a" * 65, "room\x00", "NoSuchRoom0000000", "\U0001f642")

def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, each `weight` times as likely (`one_of` would flatten
    nested `one_of`s and weigh them by their number of branches)."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


_plain = st.text(st.characters(categories=["L", "N", "P", "Zs", "S"]), min_size=1, max_size=20)
texts = weighted((3, _plain), (2, st.sampled_from(EDGE_TEXTS)), (1, st.text(max_size=30)),
                 (1, st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)))
short = weighted((3, _plain), (1, st.sampled_from(("Round", "Topic \U0001f680", "x" * 200,
                                                   "x" * 201, " ", "\u202e"))),
                 (1, st.text(min_size=1, max_size=12)))
coords = weighted((3, st.integers(-2000, 2000)),
                  (2, st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)),
                  (1, st.sampled_from((1e6, -1e6, 1_000_000.5, 1e7, -0.0, 2**53 + 1, 5e-324))))
wrong = st.sampled_from(WRONG)


def refs(kind: str) -> st.SearchStrategy[Ref]:
    return st.builds(Ref, st.just(kind), st.integers(0, 6))


def _opt(**kw: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=kw)


def _req(req: dict[str, st.SearchStrategy[Any]],
         **kw: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(req, optional=kw)


dots = _req({"budget": weighted((4, st.integers(1, 5)), (1, st.sampled_from((100, 0, 101))))},
            max_per_note=weighted((4, st.integers(1, 2)), (1, st.integers(0, 6))),
            hidden=st.booleans(),
            target=weighted((3, st.just("notes")), (2, st.just("clusters")),
                            (1, st.just("actions")), (1, st.just("people"))))
CRITERIA = ("Impact", "Ease")
matrix = _req({"kind": st.just("matrix"),
               "criteria": weighted((4, st.just(list(CRITERIA))),
                                    (1, st.sampled_from((["A", "a"], ["One"], ["x" * 41, "B"]))))},
              hidden=st.booleans())
session = weighted((3, dots), (1, matrix))
score_values = weighted((4, st.integers(1, 5)), (1, st.sampled_from((0, 6, 2.5))))
scores = weighted((4, st.fixed_dictionaries({c: score_values for c in CRITERIA})),
                  (1, st.none()),
                  (1, st.sampled_from(({"Impact": 3}, {"Impact": 3, "Cost": 3}, [3, 3]))))
rounds = st.lists(_req({"title": weighted((4, _plain), (1, short)),
                        "seconds": weighted((4, st.sampled_from((0, 900))),
                                            (1, st.sampled_from((14400, 14401, -1))))},
                       private=st.booleans(), lock=st.booleans(), lock_at_end=st.booleans(),
                       voting=st.one_of(st.none(), session)), min_size=1, max_size=4)

groups = weighted((6, st.sampled_from(("City", "NGO"))), (1, st.just("Aliens")))
dates = st.sampled_from(("2027-03-01", "2027-02-29", "soon", ""))

OP_DATA: dict[str, st.SearchStrategy[Any]] = {
    "note.add": _req({"text": texts}, color=st.sampled_from((*COLORS, "red")), x=coords,
                     y=coords, cluster=st.one_of(st.none(), refs("cluster"))),
    "notes.paste": _req({"lines": st.lists(texts, min_size=0, max_size=4)},
                        color=st.sampled_from((*COLORS, "red")), x=coords, y=coords,
                        cluster=st.one_of(st.none(), refs("cluster"))),
    "note.edit": _req({"id": refs("note")}, text=texts, color=st.sampled_from((*COLORS, "red"))),
    "note.move": _req({"id": refs("note"), "x": coords, "y": coords}),
    "note.delete": _req({"id": refs("note")}),
    "note.group": _req({"id": refs("note"), "cluster": st.one_of(st.none(), refs("cluster"))}),
    "cluster.add": _req({"title": short}, x=coords, y=coords,
                        notes=st.lists(refs("note"), max_size=3)),
    "cluster.rename": _req({"id": refs("cluster"), "title": short}),
    "cluster.delete": _req({"id": refs("cluster")}),
    "cluster.move": _req({"id": refs("cluster"), "x": coords, "y": coords}),
    "board.tidy": st.just({}),
    "board.lock": st.just({}),
    "board.unlock": st.just({}),
    "vote.add": _req({"note": refs("target")}),
    "vote.remove": _req({"note": refs("target")}),
    "vote.score": _req({"note": refs("note"), "scores": scores}),
    "voting.start": session,
    "voting.stop": st.just({}),
    "voting.reveal": st.just({}),
    "timer.start": _req({"seconds": st.sampled_from((2, 600, 3600, 86400, 0, 86401))},
                        label=short),
    "timer.pause": st.just({}),
    "timer.resume": st.just({}),
    "timer.add": _req({"seconds": st.sampled_from((-86400, -30, 30, 600, 86401))}),
    "timer.extend": _req({"seconds": st.sampled_from((-30, 60, 86401))}),
    "timer.stop": st.just({}),
    "agenda.set": _req({"rounds": rounds}),
    "round.start": _opt(index=st.integers(-1, 3)),
    "round.end": st.just({}),
    "notes.reveal": st.just({}),
    "snapshot.save": _req({"name": short}),
    "snapshot.restore": _req({"id": refs("snapshot")}),
    "ready.set": _req({"ready": st.booleans()}),
    "announce": _req({"text": texts}),
    "room.add": _req({"name": short}),
    "room.assign": _req({"participant": refs("member"), "room": refs("room")}),
    "room.rename": _req({"room": refs("room"), "name": short}),
    "room.archive": _req({"room": refs("room")}, archived=st.booleans()),
    "rooms.split": st.one_of(
        _req({"count": st.sampled_from((1, 2, 3, 0, 51))},
             strategy=st.sampled_from(("mix", "random", "alphabetical")), reuse=st.booleans()),
        _req({"strategy": st.just("themes")}, reuse=st.booleans(),
             clusters=st.lists(refs("cluster"), max_size=2),
             notes=st.lists(refs("note"), max_size=2),
             count=st.sampled_from((2, 0)))),
    "rooms.collect": _opt(top=st.sampled_from((1, 3, 0, 101))),
    "rooms.recall": st.just({}),
    "rooms.rotate": st.just({}),
    "room.host": _req({"room": refs("room"), "participant": refs("member")}),
    "summon": _opt(all=st.booleans(), room=refs("room"),
                   viewport=st.fixed_dictionaries({"x": st.integers(-500, 500),
                                                   "y": st.integers(-500, 500),
                                                   "zoom": st.sampled_from((0, 0.5, 1, 9))})),
    "workshop.settings": _opt(authors=st.sampled_from(("named", "group", "hidden", "secret")),
                              facilitator_sees_authors=st.booleans(), title=short,
                              challenge=texts, constraints=st.lists(short, max_size=3),
                              privacy_note=texts),
    "participant.remove": _req({"participant": refs("member")}),
    "template.save": _req({"name": short}, description=texts, rounds=rounds,
                          language=st.sampled_from(("en", "et", "de", "fr"))),
    "template.delete": _req({"id": refs("template")}),
    "constraint.flag": _req({"target": st.fixed_dictionaries({"note": refs("note")}),
                             "boundary": refs("boundary"), "reason": texts}),
    "constraint.unflag": _req({"target": st.fixed_dictionaries({"note": refs("note")})},
                              boundary=refs("boundary")),
    "constraint.challenge": _req({"boundary": refs("boundary"), "text": texts}),
    # The fuzzed workshops' groups are City and NGO (Setup.setup).
    "action.add": _req({"title": short, "owner_group": groups},
                       parties=st.lists(groups, max_size=3), due=dates, owner_org=short,
                       owner_person=short,
                       source=st.one_of(st.fixed_dictionaries({"note": refs("note")}),
                                        st.fixed_dictionaries({"cluster": refs("cluster")}))),
    "action.update": _req({"id": refs("action")}, title=short, owner_group=groups,
                          parties=st.lists(groups, max_size=3), due=dates,
                          status=st.sampled_from(("proposed", "agreed", "in_progress",
                                                  "blocked", "done", "dropped", "finished"))),
    "action.progress": _req({"id": refs("action"), "text": texts},
                            percent=st.sampled_from((0, 40, 100, 101, -1))),
    "action.delete": _req({"id": refs("action")}),
    "action.commit": _req({"id": refs("action")}, group=groups),
    "action.uncommit": _req({"id": refs("action")}, group=groups),
    "clusters.suggest": _req({}, granularity=weighted((4, st.sampled_from((0, 0.5, 1))),
                                                      (1, st.sampled_from((-0.1, 1.5)))),
                             all=st.booleans()),
    "notes.similar": _req({"text": texts}),
    # A closed workshop refuses every other op with `closed` until it is reopened.
    "workshop.close": st.just({}),
    "workshop.reopen": st.just({}),
    # The hackathon: each op in its phase only, so phases change often (OP_WEIGHTS).
    "hackathon.phase": _req({"phase": st.sampled_from(("ideas", "pitch", "teams", "work",
                                                       "jury", "done", "lunch"))}),
    "pitch.add": _req({"title": short, "text": texts}, needs=st.lists(groups, max_size=2),
                      holder=refs("member"), source=st.fixed_dictionaries({"note": refs("note")})),
    "pitch.update": _req({"id": refs("pitch")}, title=short, text=texts,
                         needs=st.lists(groups, max_size=2)),
    "pitch.withdraw": _req({"id": refs("pitch")}),
    "pitch.present": _req({"id": refs("pitch")}, seconds=st.sampled_from((1, 60, 0, 86_401))),
    "team.join": _req({"pitch": refs("pitch")}),
    "team.leave": _opt(),
    "teams.apply": _req({"teams": st.lists(st.fixed_dictionaries(
        {"pitch": refs("pitch"), "members": st.lists(refs("member"), max_size=3)}),
        max_size=2)}),
}
# Notes and votes are most of a workshop; removing people is rare.
OP_WEIGHTS = {"note.add": 8, "note.edit": 3, "note.move": 3, "note.delete": 2, "note.group": 2,
              "cluster.add": 3, "vote.add": 6, "vote.remove": 2, "vote.score": 4,
              "voting.start": 3,
              "voting.stop": 2, "voting.reveal": 2, "agenda.set": 3, "round.start": 3,
              "round.end": 2, "timer.start": 2, "workshop.reopen": 3, "hackathon.phase": 3,
              "pitch.add": 2, "team.join": 2}
OP_NAMES = [name for name in OP_DATA for _ in range(OP_WEIGHTS.get(name, 1))]
FACILITATOR_ONLY = frozenset(OP_DATA) - {"note.add", "notes.paste", "note.edit", "note.move",
                                         "note.delete", "note.group", "cluster.add",
                                         "cluster.rename",
                                         "cluster.delete", "cluster.move", "vote.add",
                                         "vote.remove", "vote.score", "constraint.challenge",
                                         "action.commit", "action.uncommit",
                                         "notes.similar", "pitch.add", "pitch.update",
                                         "pitch.withdraw", "team.join", "team.leave"}
UNKNOWN_OPS = ("note.ADD", "note", "", "__proto__", "constructor", "timer.end", "note.add\x00",
               "notes.add", " note.add", "\U0001f4dd")
clients = st.integers(0, 7)


def ops() -> st.SearchStrategy[Op]:
    retry = weighted((4, st.none()), (1, st.integers(0, 5)))
    # Facilitator ops mostly from the facilitator (client 0), else from anyone.
    senders = {name: weighted((2, st.just(0)), (1, clients)) if name in FACILITATOR_ONLY
               else clients for name in OP_DATA}
    known = st.sampled_from(OP_NAMES).flatmap(
        lambda name: st.builds(Op, senders[name], st.just(name), OP_DATA[name], retry))
    unknown = st.builds(Op, clients, st.sampled_from(UNKNOWN_OPS), st.just({}))
    return weighted((9, known), (1, unknown))


@st.composite
def mutants(draw: st.DrawFn) -> Mutant:
    name = draw(st.sampled_from(OP_NAMES))
    data = draw(OP_DATA[name])
    paths = [("ref",), ("op",), ("data",), ("type",), ("data", "extra")]
    paths += [("data", k) for k in data]
    path = draw(st.sampled_from(paths))
    value = draw(st.one_of(wrong, st.just(DELETE)))
    return Mutant(draw(clients), name, data, path, value)


def _nested(depth: int, kind: str) -> str:
    return "[" * depth + "]" * depth if kind == "array" else '{"a":' * depth + "1" + "}" * depth


@st.composite
def nested_frames(draw: st.DrawFn) -> str:
    depth = draw(st.sampled_from((2, 50, 252, 253, 254, 255, 1000, 1022, 1023, 1024, 1025, 1100)))
    value = _nested(depth, draw(st.sampled_from(("array", "object"))))
    where = draw(st.sampled_from(("whole", "ping", "data", "field", "hello", "cursor", "ref")))
    return {
        "whole": value,
        "ping": '{"type": "ping", "t": ' + value + "}",
        "data": '{"type": "op", "ref": "deep", "op": "note.add", "data": ' + value + "}",
        "field": '{"type": "op", "ref": "deep", "op": "note.add", "data": {"text": ' + value + "}}",
        "hello": '{"type": "hello", "token": ' + value + "}",
        "cursor": '{"type": "cursor", "x": ' + value + ', "y": 0}',
        "ref": '{"type": "op", "ref": ' + value + ', "op": "note.add", "data": {"text": "x"}}',
    }[where]


RAW_TEXTS = (
    "", " ", "{", "}", "[", "null", "true", "0", '"hello"', "[]", "{}", '{"type":',
    '{"type": "ping",}', "{'type': 'ping'}", "NaN", '{"type": "ping", "t": NaN}',
    '{"type": "ping", "t": Infinity}', '{"type": "ping", "t": 1e999}', '{"type": "ping", "t": -0}',
    '{"type": "ping", "t": 123456789012345678901234567890}', '{"type": "ping", "t": 1e-400}',
    '{"type": "op", "ref": "r", "op": "note.add", "data": {"text": "x"}} trailing',
    '{"type": "ping"}{"type": "ping"}', '\ufeff{"type": "ping"}',
    '{"type": "ping", "t": "\\ud800"}',
    '{"type": "ping", "t": "\\udc00\\ud800"}', '{"type": "ping", "t": "\\ud83d\\ude00"}',
    '{"type": "op", "ref": "\\ud83d", "op": "note.add", "data": {"text": "x"}}',
    '{"type": "op", "ref": "s", "op": "note.add", "data": {"text": "\\ud800 lone"}}',
    '{"type": "op", "ref": "z", "op": "note.add", "data": {"text": "\\u0000"}}',
    '{"type": "ping", "type": "op"}', '{"type": "\\u0070ing", "t": "escaped"}',
    '{"type": "op", "ref": "dup", "ref": 7, "op": "note.add", "data": {"text": "x"}}',
    '{"type": "op", "ref": 7, "ref": "dup2", "op": "note.add", "data": {"text": "x"}}',
    '{"type": "ping"\x00}', '{"type": "ping", "t": "\x01raw control"}',
    '{"type": "op", "ref": "' + "r" * 200 + '", "op": "board.lock"}',
    '{"type": "op", "ref": "' + "r" * 201 + '", "op": "board.lock"}',
    '{"type": "op", "ref": "big", "op": "note.add", "data": {"text": "' + "y" * 60000 + '"}}',
)


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(),
                        st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
        max_leaves=8)


raw_texts = st.one_of(st.sampled_from(RAW_TEXTS), nested_frames(), st.text(max_size=30),
                      json_values().map(json.dumps))
_volatile_value = st.one_of(coords, wrong)
frames = weighted(
    (4, _opt(t=json_values()).map(lambda d: {"type": "ping", **d})),
    (1, st.just({"type": "overview.watch"})),
    (2, st.builds(lambda x, y: {"type": "cursor", "x": x, "y": y}, _volatile_value,
                  _volatile_value)),
    (2, st.builds(lambda i, x, y: {"type": "drag", "id": i, "x": x, "y": y},
                  st.one_of(refs("note"), wrong, st.just("n" * 201)), _volatile_value,
                  _volatile_value)),
    (1, st.builds(lambda t, extra: {"type": t, **extra},
                  st.sampled_from(("welcome", "ack", "error", "event", "presence", "pong",
                                   "moved", "overview", "Ping", "PING", " ping", "hello\x00", "",
                                   "op ")),
                  st.dictionaries(st.text(max_size=4), json_values(), max_size=2))),
    (1, st.builds(lambda t: {"type": t}, wrong)),
    (1, st.dictionaries(st.text(max_size=5), json_values(), max_size=3)),
)
binaries = st.one_of(st.binary(max_size=16), st.sampled_from((
    b"\xff\xfe", b'{"type": "ping", "t": "\xff"}', b'{"type": "ping", "t": "bytes"}',
    b'{"type": "ping", "t": "\xed\xa0\x80"}', b"\xc0\xaf", b"\x00", b"")))
hellos = st.builds(
    Hello, clients,
    st.one_of(st.just("$self"), st.just("$self"), st.sampled_from(("$other", "$bogus")), wrong),
    st.one_of(st.just("$current"), st.sampled_from(("$omit", "$plenary")), refs("room"),
              st.sampled_from(BAD_IDS), wrong),
    st.one_of(st.just("$seq"), st.just("$omit"), st.sampled_from((-1, 0, 10**6, 2**64 - 1)), wrong))
junk = st.one_of(raw_texts, frames.filter(lambda f: f.get("type") != "hello"),
                 st.builds(lambda t: {"type": "hello", "token": t}, wrong),
                 st.builds(lambda name, data: {"type": "op", "ref": "early", "op": name,
                                               "data": data},
                           st.sampled_from(("note.add", "board.lock")), st.just({"text": "x"})))
reconnects = st.builds(Reconnect, clients, st.integers(0, 1),
                       st.lists(junk, max_size=3).map(tuple))
oversized = st.builds(Oversized, st.integers(0, 1),
                      st.sampled_from((65_536, 65_537, 100_000, 1_048_576)), st.booleans())


def steps() -> st.SearchStrategy[Step]:
    return weighted(
        (40, ops()), (10, mutants()), (10, st.builds(Frame, clients, frames)),
        (10, st.builds(Raw, clients, raw_texts)), (4, st.builds(Binary, clients, binaries)),
        (8, hellos), (6, reconnects), (5, st.just(Sync())), (2, oversized))


def scripts(min_steps: int = 10, max_steps: int = 60) -> st.SearchStrategy[Script]:
    return st.builds(Script, st.sampled_from(("named", "group", "hidden")), st.integers(1, 3),
                     st.booleans(), st.integers(1, 2),
                     st.lists(steps(), min_size=min_steps, max_size=max_steps).map(tuple))


# --- a client's board -------------------------------------------------------------------------

IDLE_VOTING = {"status": "idle", "budget": 0, "max_per_note": 0, "hidden": False,
               "revealed": False, "target": "notes", "tally": None}
IDLE_TIMER = {"status": "idle", "label": "", "duration_ms": 0, "ends_at": None, "remaining_ms": 0}


class ModelError(AssertionError):
    """The server broke the protocol (or the model of a client is wrong: read the message)."""


class Board:
    """One room as a client knows it: a welcome's state, then the events in seq order,
    applied as web/js/board-state.js does."""

    def __init__(self) -> None:
        self.room: str | None = None
        self.seq = 0
        self.welcome_seq = 0
        self.phase = "ideas"
        self.pitches: list[str] = []  # the hackathon's pitch ids, oldest first
        self.reset()

    def reset(self) -> None:
        self.notes: dict[str, dict[str, Any]] = {}
        self.clusters: dict[str, dict[str, Any]] = {}
        self.hidden: set[str] = set()  # other people's private notes
        self.voting: dict[str, Any] = dict(IDLE_VOTING)
        self.timer: dict[str, Any] = dict(IDLE_TIMER)
        self.locked = False
        self.my_votes: dict[str, int] = {}
        # A matrix vote's own scores; None outside one (the welcome then has none).
        self.my_scores: dict[str, Any] | None = None
        self.agenda: list[dict[str, Any]] = []
        self.round: int | None = None
        self.private_round = False
        self.snapshots: list[str] = []  # ids of the room's snapshots seen saved
        self.boundaries: list[str] = []  # the workshop's boundary ids

    def welcome(self, msg: Message, since: int | None) -> None:
        room, state = msg["room"]["id"], msg["state"]
        boundaries = [b["id"] for b in msg["workshop"].get("boundaries", [])]
        if state is None:
            if since is None:
                raise ModelError(f"a welcome with state null for a hello without since: {msg}")
            if room != self.room:
                if since != 0:
                    raise ModelError(f"state null for another room, since {since}: {msg}")
                self.room, self.seq = room, 0
                self.reset()
            if not since <= msg["seq"]:
                raise ModelError(f"state null but since {since} > seq {msg['seq']}")
        else:
            self.reset()
            self.room, self.seq = room, msg["seq"]
            self.notes = {n["id"]: dict(n) for n in state["notes"]}
            self.clusters = {c["id"]: dict(c) for c in state["clusters"]}
            self.voting = dict(state["voting"])
            self.timer = dict(state["timer"])
            self.locked = state["locked"]
            self.my_votes = dict(state["my_votes"])
            self.my_scores = state.get("my_scores")
            self.agenda = [dict(r) for r in state["agenda"]]
            self.round = state["round"]
            self.private_round = state["private_round"]
        # Every welcome carries the workshop's actions, also with state null.
        self.actions = {a["id"]: dict(a) for a in msg["actions"]}
        # And its hackathon: the phase and which pitches there are (their teams'
        # viability follows settings, which send no pitch events).
        self.phase = msg["hackathon"]["phase"]
        self.pitches = [p["id"] for p in msg["hackathon"]["pitches"]]
        if state is not None and state["actions"] != msg["actions"]:
            raise ModelError(f"a welcome's actions differ from its state's: {msg}")
        self.welcome_seq = msg["seq"]
        self.boundaries = boundaries

    def event(self, ev: Message) -> bool:
        """Apply one event; False if it is a replay of one applied already."""
        if ev.get("room") != self.room:
            raise ModelError(f"an event of room {ev.get('room')} after the welcome to {self.room}")
        seq = ev["seq"]
        if seq <= self.seq:
            if seq <= self.welcome_seq:
                return False  # the replay after `since` overlaps what arrived before it
            raise ModelError(f"event {seq} again after {self.seq}: {ev}")
        if seq != self.seq + 1:
            raise ModelError(f"a gap: event {seq} after {self.seq}")
        self.seq = seq
        self._apply(ev["op"], ev["data"])
        return True

    def _drop_votes_on(self, target: str) -> None:
        self.my_votes.pop(target, None)
        if self.voting.get("tally") is not None:
            self.voting["tally"] = {k: v for k, v in self.voting["tally"].items() if k != target}
        if self.my_scores is not None:
            self.my_scores.pop(target, None)
        if self.voting.get("results") is not None:
            self.voting["results"].pop(target, None)

    def _new_session(self, voting: dict[str, Any]) -> None:
        self.my_votes = {}
        self.my_scores = {} if voting.get("kind") == "matrix" else None
        self.voting = dict(voting)
        if voting.get("results") is not None:
            self.voting["results"] = dict(voting["results"])

    def _apply(self, op: str, d: dict[str, Any]) -> None:
        if op.startswith("note.") and d.get("private") and "text" not in d:
            if op == "note.delete":
                self.hidden.discard(d["id"])
                self._drop_votes_on(d["id"])
            else:
                self.hidden.add(d["id"])
            return
        if op in ("note.add", "note.edit"):
            self.hidden.discard(d["id"])
            self.notes[d["id"]] = dict(d)
        elif op == "notes.paste":
            for note in d["notes"]:
                if note.get("private") and "text" not in note:
                    self.hidden.add(note["id"])
                else:
                    self.notes[note["id"]] = dict(note)
        elif op == "note.move":
            self.notes[d["id"]].update(x=d["x"], y=d["y"])
            if "cluster" in d:
                self.notes[d["id"]]["cluster"] = d["cluster"]
        elif op == "cluster.move":
            self.clusters[d["id"]].update(x=d["x"], y=d["y"])
        elif op == "note.group":
            self.notes[d["id"]]["cluster"] = d["cluster"]
        elif op == "note.delete":
            del self.notes[d["id"]]
            self._drop_votes_on(d["id"])
        elif op in ("cluster.add", "cluster.rename"):
            self.clusters[d["id"]] = {**{k: d[k] for k in ("id", "title", "x", "y")},
                                      "source": d.get("source")}
            for note_id in d.get("notes", []):
                if note_id in self.notes:
                    self.notes[note_id]["cluster"] = d["id"]
        elif op == "cluster.delete":
            del self.clusters[d["id"]]
            for note in self.notes.values():
                if note["cluster"] == d["id"]:
                    note["cluster"] = None
            self._drop_votes_on(d["id"])
        elif op in ("board.lock", "board.unlock"):
            self.locked = d["locked"]
        elif op in ("vote.add", "vote.remove"):
            if "my_votes" in d:
                self.my_votes = dict(d["my_votes"])
            if "votes" in d and self.voting.get("tally") is not None:
                tally = {k: v for k, v in self.voting["tally"].items() if k != d["note"]}
                if d["votes"] > 0:
                    tally[d["note"]] = d["votes"]
                self.voting["tally"] = tally
        elif op == "vote.score":
            if "my_scores" in d:
                self.my_scores = dict(d["my_scores"])
            if "result" in d and self.voting.get("results") is not None:
                self.voting["results"].pop(d["note"], None)
                if d["result"] is not None:
                    self.voting["results"][d["note"]] = d["result"]
        elif op == "voting.start":
            self._new_session(d)
        elif op in ("voting.stop", "voting.reveal"):
            self.voting = dict(d)
            if d.get("results") is not None:
                self.voting["results"] = dict(d["results"])
        elif op.startswith("timer."):
            self.timer = dict(d)
        elif op == "agenda.set":
            self.agenda = [dict(r) for r in d["rounds"]]
            self.round = d["current"]
        elif op == "round.start":
            self.round = d["index"]
            if d["index"] < len(self.agenda):
                self.agenda[d["index"]] = dict(d["round"])
            self.timer = dict(d["timer"])
            self.locked = d["locked"]
            self.private_round = d["private"]
            if d["voting"] is not None:
                self._new_session(d["voting"])
        elif op == "round.end":
            index = d["index"]
            if index is not None and index < len(self.agenda):
                self.agenda[index] = {**self.agenda[index], "done": True, "ended": self.seq}
            self.round = None
            self.private_round = False
            self.locked = False
            self.timer = dict(d["timer"])
            if d["voting"] is not None:
                self.voting = dict(d["voting"])
        elif op in ("snapshot.save", "round.end"):
            self.snapshots.append(d["id"] if op == "snapshot.save" else d["snapshot"]["id"])
        elif op == "snapshot.restore":
            # The whole board at once; other people's private notes are not in it.
            self.hidden = set()
            self.notes = {n["id"]: dict(n) for n in d["notes"]}
            self.clusters = {c["id"]: dict(c) for c in d["clusters"]}
        elif op == "workshop.settings":
            self.boundaries = [b["id"] for b in d["boundaries"]]
        elif op == "action.delete":
            self.actions.pop(d["id"], None)
            self._drop_votes_on(d["id"])
        elif op.startswith("action."):
            self.actions[d["id"]] = dict(d)
        elif op == "hackathon.phase":
            self.phase = d["phase"]
        elif op == "pitch.withdraw":
            self.pitches.remove(d["id"])
        elif op in ("pitch.add", "pitch.update", "team.join", "team.leave"):
            if d["pitch"]["id"] not in self.pitches:
                self.pitches.append(d["pitch"]["id"])
        elif op == "notes.reveal":
            self.private_round = False  # a reveal ends the round's privacy
            for note in d["notes"]:
                self.hidden.discard(note["id"])
                self.notes[note["id"]] = dict(note)
        # Where the server's layout moved other notes and frames with this event.
        for moved in d.get("layout", {}).get("notes", ()):
            self.notes[moved["id"]].update(x=moved["x"], y=moved["y"])
        for moved in d.get("layout", {}).get("clusters", ()):
            self.clusters[moved["id"]].update(x=moved["x"], y=moved["y"])

    def view(self) -> dict[str, Any]:
        """Everything a user sees, to compare with a fresh welcome's (time left of a
        running timer aside)."""
        timer = dict(self.timer)
        if timer["status"] == "running":
            timer.pop("remaining_ms", None)
        return {"room": self.room, "seq": self.seq, "notes": self.notes,
                "clusters": self.clusters, "voting": self.voting, "timer": timer,
                "locked": self.locked, "my_votes": self.my_votes, "my_scores": self.my_scores,
                "agenda": self.agenda,
                "round": self.round, "private_round": self.private_round,
                "actions": self.actions, "hackathon": {"phase": self.phase,
                                                       "pitches": self.pitches}}


def board_of(welcome: Message) -> Board:
    board = Board()
    board.welcome(welcome, None)
    return board


def diff(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two JSON-like values differ, as short lines."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                mine, theirs = a.get(k, "<missing>"), b.get(k, "<missing>")
                out.append(f"{path}/{k}: {mine!r:.200} != {theirs!r:.200}")
            else:
                out += diff(a[k], b[k], f"{path}/{k}")
        return out
    return [] if a == b else [f"{path}: {a!r:.300} != {b!r:.300}"]


# --- what the protocol answers ------------------------------------------------------------------

CLIENT_TYPES = ("hello", "op", "ping", "cursor", "drag", "overview.watch")
ERROR_CODES = frozenset({"bad_message", "unknown_op", "forbidden", "closed", "not_found",
                         "invalid", "locked",
                         "voting_closed", "vote_budget", "vote_note_limit", "rate_limited",
                         "unavailable"})
EVERYONE_OPS = frozenset({"note.add", "notes.paste", "note.edit", "note.move", "note.delete",
                          "note.group",
                          "cluster.add", "cluster.rename", "cluster.delete", "cluster.move",
                          "vote.add", "vote.remove", "vote.score", "constraint.challenge",
                          "action.commit", "action.uncommit", "notes.similar", "pitch.add",
                          "pitch.update", "pitch.withdraw", "action.update",
                          "action.progress"})
# action.update (its status) and action.progress: also a participant of the owner group.
# Questions about the board: acked as of the room's seq (0 on an empty board), answered
# to the asker alone, never an event and never remembered (a repeat is asked afresh).
QUERY_OPS = frozenset({"clusters.suggest", "notes.similar"})
# A facilitator moves people between teams with teams.apply; only participants join.
PARTICIPANT_OPS = frozenset({"ready.set", "team.join", "team.leave"})
FACILITATOR_OPS = frozenset(OP_DATA) - EVERYONE_OPS - PARTICIPANT_OPS
MOVE_OPS = frozenset({"room.assign", "rooms.split", "rooms.rotate", "rooms.recall", "room.archive",
                      "summon"})
# The event at an ack's seq: the op's own, or the first of those it produced.
FIRST_EVENTS = {"round.start": {"round.start", "notes.reveal", "round.end"},
                "snapshot.restore": {"snapshot.save"},
                "round.end": {"round.end", "notes.reveal"},
                "timer.pause": {"timer.pause", "timer.end"},
                "timer.add": {"timer.add", "timer.end"},
                "timer.extend": {"timer.add", "timer.end"}}
BAD = frozenset({"bad_message", "rate_limited"})
LIMITED = frozenset({"rate_limited"})
FRAME_BYTES_MAX = 65_536
REF_MAX = 200
ANSWER_TIMEOUT = 10.0
# A server loads scikit-learn on its first question: seconds, more on a busy machine.
QUERY_ANSWER_TIMEOUT = 90.0
SYNC_TIMEOUT = 15.0
NO_SUCH = {"note": "NoSuchNote0000000", "cluster": "NoSuchCluster0000", "room": "NoSuchRoom0000000",
           "member": "NoSuchPerson00000", "template": "NoSuchTemplate000",
           "snapshot": "NoSuchSnapshot000",
           "boundary": "NoSuchBoundary000", "action": "NoSuchAction00000",
           "pitch": "NoSuchPitch000000"}
_UNSET = object()
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def looks_like_id(value: str) -> bool:
    return 1 <= len(value) <= 64 and set(value) <= _ID_CHARS


def ref_of(frame: dict[str, Any]) -> str | None:
    """A ref the server takes (and echoes): 1 to 200 characters, no NUL (PostgreSQL)."""
    ref = frame.get("ref")
    valid = isinstance(ref, str) and 1 <= len(ref) <= REF_MAX and "\x00" not in ref
    return ref if valid else None


def depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (iteratively: it may be 1,000 deep)."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, (list, dict)):
            level += 1
            todo.extend((v, level) for v in (item.values() if isinstance(item, dict) else item))
        deepest = max(deepest, level)
    return deepest


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class Expect:
    """What may answer one frame: message types, the ref an ack or error echoes,
    the error codes allowed, documented closes, and a pong's `t`."""

    answers: frozenset[str]
    ref: str | None = None
    codes: frozenset[str] | None = None  # None: any documented code
    closes: frozenset[int] = frozenset()
    t: Any = _UNSET
    optional: bool = False  # no answer is fine too
    hello: dict[str, Any] | None = None
    room: str | None = None  # the room a welcome must be of (None: any)
    retry_seq: int | None = None  # a repeated ref of an accepted op: acked with this seq
    frame: dict[str, Any] | None = None  # the op frame, as the server reads it


@dataclass
class Ack:
    member: str
    ref: str
    room: str
    seq: int
    op: str
    step: int


@dataclass
class Conn:
    """One client: a member on one process, its socket (replaced on reconnects), its board."""

    label: str
    member: Member
    server: int
    client: Client | None = None
    board: Board = field(default_factory=Board)
    helloed: bool = False  # this socket got a welcome
    scan: int = 0  # answers (ack, error, pong) before this index are accounted for
    read: int = 0  # messages before this index are applied to the board
    since_sent: int | None = None
    hello_pending: bool = False  # a hello was sent and its welcome not yet applied
    pending_move: str | None = None
    maybe_moved: bool = False
    dead: bool = False
    closed_4403: bool = False
    refs: int = 0


# --- playing a script -------------------------------------------------------------------------


class Run:
    """One script against real processes (see the module docstring)."""

    def __init__(self, servers: list[ServerProcess], script: Script) -> None:
        self.servers = servers
        self.script = script
        self.conns: list[Conn] = []
        self.members: list[Member] = []
        self.by_token: dict[str, Member] = {}
        self.rooms: list[str] = []
        self.plenary = ""
        self.workshop_id = ""
        self.room_seq: dict[str, int] = {}
        self.acks: list[Ack] = []
        self.accepted: dict[str, dict[str, int]] = {}  # member -> ref -> seq of its ack
        self.removed: set[str] = set()
        self.templates: list[str] = []  # saved templates, as facilitators' events told
        self.step_no = -1
        self.log: list[str] = []  # what was sent, for the failure report
        self.stats: Counter[str] = Counter()  # answers by kind and code, closes, events
        self.timers: dict[str, tuple[int, dict[str, Any]]] = {}  # room -> (seq, its timer)

    # set-up

    def setup(self) -> None:
        s = self.script
        with Api(self.servers[0].http) as api:
            ws = api.workshop(authors=s.authors, groups=["City", "NGO"])
            self.workshop_id, self.plenary = ws.id, ws.plenary_room_id
            self.members = [ws.facilitator]
            for i in range(s.participants):
                group = ["City", "NGO"][i % 2]
                self.members.append(api.member(ws, f"P{i} \U0001f331", group=group))
            if s.wall:
                self.members.append(api.member(ws, "Wall", role="wall"))
        self.rooms = [self.plenary]
        self.by_token = {m.token: m for m in self.members}
        labels = [("F0", 0, 0)] + ([("F1", 0, 1)] if s.facilitators == 2 else [])
        labels += [(f"P{i}", i + 1, (i + 1) % 2) for i in range(s.participants)]
        if s.wall:
            labels.append(("W", len(self.members) - 1, s.participants % 2))
        self.conns = [Conn(label, self.members[m], server) for label, m, server in labels]

    async def open_all(self) -> None:
        for conn in self.conns:
            await self.reopen(conn, conn.server)

    async def close_all(self) -> None:
        await asyncio.gather(*(c.client.close() for c in self.conns if c.client is not None),
                             return_exceptions=True)

    def fail(self, conn: Conn | None, what: str) -> None:
        where = f"[{conn.label} on server {conn.server}] " if conn else ""
        recent = ""
        if conn is not None and conn.client is not None:
            recent = "\n  last received:\n    " + "\n    ".join(
                json.dumps(m)[:300] for m in conn.client.messages[-8:])
        raise ModelError(f"step {self.step_no}: {where}{what}{recent}\n  last sent:\n    "
                         + "\n    ".join(self.log[-8:]))

    # the model of each client

    def absorb(self, conn: Conn) -> None:
        client = conn.client
        if client is None:
            return
        for msg in client.messages[conn.read:]:
            conn.read += 1
            kind = msg.get("type")
            try:
                if kind == "event":
                    if conn.board.event(msg):
                        self._saw_event(msg)
                        self.stats["event:" + msg["op"]] += 1
                elif kind == "welcome":
                    if not conn.hello_pending and msg["state"] is not None and (
                            msg["room"]["id"], msg["seq"]) != (conn.board.room, conn.board.seq):
                        # docs/protocol.md: an unsolicited welcome comes right after the
                        # events up to its seq, so that none is skipped or repeated.
                        self.fail(conn, f"an unsolicited welcome at seq {msg['seq']} of room "
                                        f"{msg['room']['id']} after event {conn.board.seq} "
                                        f"of room {conn.board.room}")
                    conn.hello_pending = False
                    conn.board.welcome(msg, conn.since_sent)
                    self.room_seq[msg["room"]["id"]] = max(self.room_seq.get(msg["room"]["id"], 0),
                                                           msg["seq"])
                    for room in msg["workshop"]["rooms"]:
                        self._saw_room(room["id"])
                elif kind == "moved":
                    conn.pending_move = msg["room"]
            except ModelError as e:
                self.fail(conn, str(e))
            except (KeyError, TypeError, AttributeError) as e:
                self.fail(conn, f"a {kind} the web client's model cannot apply ({e!r}): {msg}")
        if client.closed and not conn.dead:
            if client.close_code == 4403:
                conn.dead = conn.closed_4403 = True
            else:
                self.fail(conn, f"the server closed the socket with {client.close_code}")

    def _saw_room(self, room_id: str) -> None:
        if room_id not in self.rooms:
            self.rooms.append(room_id)

    def _saw_event(self, ev: Message) -> None:
        self.room_seq[ev["room"]] = max(self.room_seq.get(ev["room"], 0), ev["seq"])
        d = ev["data"]
        if ev["op"] == "room.add":
            self._saw_room(d["room"]["id"])
        elif ev["op"] == "rooms.split":
            for room in d["rooms"]:
                self._saw_room(room["id"])
        elif ev["op"] == "participant.remove":
            self.removed.add(d["participant"])
        elif ev["op"] == "template.save" and d.get("id") and d["id"] not in self.templates:
            self.templates.append(d["id"])
        timer = d if ev["op"].startswith("timer.") else d.get("timer")
        if isinstance(timer, dict) and ev["seq"] > self.timers.get(ev["room"], (0, {}))[0]:
            self.timers[ev["room"]] = (ev["seq"], timer)
        if ev["op"] in MOVE_OPS:
            for conn in self.conns:
                conn.maybe_moved = True

    async def settle(self) -> None:
        """Apply what arrived; a moved client says hello in its new room (as the web client)."""
        for conn in self.conns:
            self.absorb(conn)
        for conn in self.conns:
            if conn.pending_move is not None and not conn.dead:
                room, conn.pending_move = conn.pending_move, None
                await self.hello(conn, {"type": "hello", "token": conn.member.token, "room": room})

    # resolving a step

    def resolve(self, value: Any, conn: Conn) -> Any:
        if isinstance(value, Ref):
            kind = value.kind
            if kind == "target":
                kind = {"clusters": "cluster", "actions": "action"}.get(
                    conn.board.voting.get("target", ""), "note")
            pool: list[str] = {"note": list(conn.board.notes), "cluster": list(conn.board.clusters),
                               "action": list(conn.board.actions),
                               "pitch": list(conn.board.pitches),
                               "room": [*self.rooms, NO_SUCH["room"]],
                               "member": [*(m.participant_id for m in self.members),
                                          NO_SUCH["member"]],
                               "template": [*self.templates, "builtin:world-cafe",
                                            NO_SUCH["template"]],
                               "snapshot": [*conn.board.snapshots, NO_SUCH["snapshot"]],
                               "boundary": [*conn.board.boundaries, NO_SUCH["boundary"]]}[kind]
            return pool[value.index % len(pool)] if pool else NO_SUCH[kind]
        if isinstance(value, dict):
            return {k: self.resolve(v, conn) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.resolve(v, conn) for v in value]
        return value

    def new_ref(self, conn: Conn) -> str:
        conn.refs += 1
        return f"{conn.label}-{self.step_no}-{conn.refs}"

    def op_frame(self, conn: Conn, op: str, data: Any, retry: int | None) -> dict[str, Any]:
        ref = self.new_ref(conn)
        acked = list(self.accepted.get(conn.member.participant_id, {}))
        if retry is not None and acked:
            ref = acked[retry % len(acked)]
        return {"type": "op", "ref": ref, "op": op, "data": self.resolve(data, conn)}

    def acked(self, conn: Conn, frame: dict[str, Any], seq: int, room: str | None) -> None:
        """An op accepted for the first time: the event at `seq` of `room` must be it."""
        assert room is not None
        if frame["op"] in QUERY_OPS:
            return
        member = conn.member.participant_id
        self.accepted.setdefault(member, {})[frame["ref"]] = seq
        self.acks.append(Ack(member, frame["ref"], room, seq, frame["op"], self.step_no))
        self.room_seq[room] = max(self.room_seq.get(room, 0), seq)
        if frame["op"] == "participant.remove":
            self.removed.add(frame["data"]["participant"])

    # what the server must answer

    def expect(self, conn: Conn, raw: str | bytes) -> Expect:
        try:
            frame = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return Expect(frozenset({"error"}), None, BAD)
        if (not isinstance(frame, dict) or not isinstance(frame.get("type"), str)
                or frame["type"] not in CLIENT_TYPES):
            return Expect(frozenset({"error"}), None, BAD)
        kind, ref = frame["type"], ref_of(frame)
        role = conn.member.role
        if kind == "hello":
            return self.expect_hello(conn, frame)
        if not conn.helloed:
            return Expect(frozenset({"error"}), ref, frozenset({"bad_message"}))
        if kind == "op":
            data = frame.get("data", {})
            if (ref is None or not isinstance(frame.get("op"), str)
                    or not (data is None or isinstance(data, dict))):
                return Expect(frozenset({"error"}), ref, BAD)
            name = frame["op"]
            original = self.accepted.get(conn.member.participant_id, {}).get(ref)
            if original is not None:
                # A repeated ref wins over the op's name and the sender's role (a retry).
                return Expect(frozenset({"ack", "error"}), ref,
                              frozenset({"unknown_op", "forbidden", "invalid", "rate_limited",
                                         "unavailable"}), retry_seq=original, frame=frame)
            # The rate limit comes first, before the op is looked at.
            if name not in OP_DATA:
                return Expect(frozenset({"error"}), ref, frozenset({"unknown_op", "rate_limited"}))
            if (role == "wall" or (name in FACILITATOR_OPS and role != "facilitator")
                    or (name in PARTICIPANT_OPS and role != "participant")):
                return Expect(frozenset({"error"}), ref, frozenset({"forbidden", "rate_limited"}))
            return Expect(frozenset({"ack", "error"}), ref, frame=frame)
        if kind == "ping":
            t = frame.get("t")
            # docs/protocol.md: "a t nested more than 254 levels deep" is refused.
            codes = BAD if depth(t) >= 254 else LIMITED
            answers = frozenset({"error"}) if depth(t) > 254 else frozenset({"pong", "error"})
            return Expect(answers, ref, codes, t=t)
        if kind == "overview.watch":
            if role == "facilitator":
                return Expect(frozenset({"overview", "error"}), ref, LIMITED)
            return Expect(frozenset({"error"}), ref, frozenset({"forbidden", "rate_limited"}))
        # cursor and drag: relayed, never answered; a bad one is bad_message
        if role == "wall":
            return Expect(frozenset(), optional=True)
        valid = _number(frame.get("x")) and _number(frame.get("y"))
        if kind == "drag":
            ident = frame.get("id")
            valid = valid and isinstance(ident, str) and 1 <= len(ident) <= 200
        if valid:
            return Expect(frozenset())
        return Expect(frozenset({"error"}), ref, frozenset({"bad_message"}),
                      optional=conn.maybe_moved)

    def expect_hello(self, conn: Conn, frame: dict[str, Any]) -> Expect:
        closed = Expect(frozenset({"error"}), ref_of(frame), LIMITED, frozenset({4401}),
                        hello=frame)
        token, room = frame.get("token"), frame.get("room")
        if not isinstance(token, str) or (room is not None and not isinstance(room, str)):
            return closed
        if room is not None and not looks_like_id(room):
            return closed
        member = self.by_token.get(token)
        if member is None or member.participant_id in self.removed:
            return closed
        if conn.helloed and member.participant_id != conn.member.participant_id:
            return closed
        welcome = Expect(frozenset({"welcome", "error"}), ref_of(frame), LIMITED, hello=frame,
                         room=room)
        if room is None:
            return welcome
        if room not in self.rooms:
            return closed
        if member.role == "participant" and room != self.plenary:
            welcome.closes = frozenset({4401})  # unless it is their room now
        return welcome

    # sending

    async def next_answer(self, conn: Conn, start: int, kinds: frozenset[str],
                          timeout: float) -> tuple[int, Message] | None:
        """The first ack, error or pong after the last one accounted for (or a welcome
        or overview if `kinds` has it, after `start`); None once the socket closed."""
        client = conn.client
        assert client is not None
        deadline = time.monotonic() + timeout
        i = conn.scan
        async with client._changed:
            while True:
                while i < len(client.messages):
                    kind = client.messages[i].get("type")
                    if kind in ("ack", "error", "pong") or (i >= start and kind in kinds):
                        return i, client.messages[i]
                    i += 1
                if client.closed:
                    return None
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.fail(conn, f"no answer ({'/'.join(sorted(kinds))}) within {timeout}s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(client._changed.wait(), remaining)

    async def barrier(self, conn: Conn) -> list[Message]:
        """A ping whose pong proves every earlier frame was answered: the ack, error
        and pong messages before it that nothing accounted for."""
        assert conn.client is not None
        t = f"barrier-{self.step_no}-{conn.refs}"
        conn.refs += 1
        start = conn.client.mark()
        with contextlib.suppress(ConnectionClosed):
            await conn.client.send({"type": "ping", "t": t})
        extra = []
        while True:
            found = await self.next_answer(conn, start, frozenset(), ANSWER_TIMEOUT)
            if found is None:
                self.absorb(conn)
                return extra
            i, msg = found
            conn.scan = i + 1
            if msg.get("type") == "pong" and msg.get("t") == t:
                return extra
            if msg.get("type") == "error" and msg.get("code") == "rate_limited":
                await asyncio.sleep(0.5)
                return extra + await self.barrier(conn)
            extra.append(msg)

    async def send(self, conn: Conn, raw: str | bytes) -> Message | None:
        """Send one frame and check its answer; the answer (None: none, or closed)."""
        client = conn.client
        assert client is not None and not client.closed
        self.absorb(conn)
        exp = self.expect(conn, raw)
        room = conn.board.room
        stray = [m for m in client.messages[conn.scan:] if m.get("type") in ("ack", "error",
                                                                              "pong")]
        if stray:
            self.fail(conn, f"answers nothing asked for: {stray}")
        shown = json.dumps(raw)[1:-1] if isinstance(raw, str) else repr(raw)  # no raw NULs
        self.log.append(f"{conn.label}: {shown[:300]}" + (" ..." if len(shown) > 300 else ""))
        if exp.hello is not None:
            conn.hello_pending = True
            since = exp.hello.get("since")
            conn.since_sent = since if isinstance(since, int) and not isinstance(since, bool) \
                else None
        start = client.mark()
        with contextlib.suppress(ConnectionClosed):  # closed meanwhile: judged below
            await client.send_raw(raw)
        if not exp.answers:
            extra = await self.barrier(conn)
            if extra and not exp.optional:
                self.fail(conn, f"a frame that gets no answer got {extra}")
            return None
        query = exp.frame is not None and exp.frame.get("op") in QUERY_OPS
        found = await self.next_answer(conn, start, exp.answers,
                                       QUERY_ANSWER_TIMEOUT if query else ANSWER_TIMEOUT)
        if found is None:
            self.stats[f"close:{client.close_code}"] += 1
            if client.close_code in exp.closes:
                conn.dead = True  # closed as documented; the caller opens a new socket
                return None
            if client.close_code == 4403:
                self.absorb(conn)
                return None
            self.fail(conn, f"closed with {client.close_code} instead of an answer "
                            f"({'/'.join(sorted(exp.answers))})")
        assert found is not None
        i, msg = found
        conn.scan = i + 1
        if msg["type"] != "welcome":
            conn.hello_pending = False
        self.check_answer(conn, exp, msg)
        if msg["type"] == "ack" and exp.frame is not None and exp.retry_seq is None:
            self.acked(conn, exp.frame, msg["seq"], room)
        if msg["type"] == "welcome":
            conn.helloed = True
            conn.maybe_moved = False
            conn.pending_move = None
        self.absorb(conn)
        return msg

    def check_answer(self, conn: Conn, exp: Expect, msg: Message) -> None:
        kind = msg.get("type")
        self.stats[f"{kind}:{msg.get('code')}" if kind == "error" else str(kind)] += 1
        if exp.frame is not None:
            self.stats[f"op {exp.frame['op']}: {msg.get('code', kind)}"] += 1
        if kind not in exp.answers:
            if exp.optional and kind == "error":
                return
            self.fail(conn, f"answered {msg} where {'/'.join(sorted(exp.answers)) or 'nothing'}"
                            f" was due")
        if kind in ("ack", "error") and msg.get("ref") != exp.ref:
            self.fail(conn, f"answered with ref {msg.get('ref')!r}, not {exp.ref!r}: {msg}")
        if kind == "error":
            code = msg.get("code")
            allowed = exp.codes if exp.codes is not None else ERROR_CODES
            if code not in allowed or not isinstance(msg.get("message"), str) or not msg["message"]:
                self.fail(conn, f"error {code!r} where {sorted(allowed)} may answer: {msg}")
        elif kind == "ack":
            first = 0 if exp.frame is not None and exp.frame["op"] in QUERY_OPS else 1
            if not isinstance(msg.get("seq"), int) or msg["seq"] < first:
                self.fail(conn, f"an ack without a seq: {msg}")
            if exp.retry_seq is not None and msg["seq"] != exp.retry_seq:
                self.fail(conn, f"a repeated ref acked with seq {msg['seq']}, not the original "
                                f"{exp.retry_seq}")
        elif kind == "pong":
            if msg.get("t") != exp.t or not isinstance(msg.get("server_time"), int):
                self.fail(conn, f"pong {msg} does not echo t={exp.t!r:.200}")
        elif kind == "welcome":
            if msg["participant"]["id"] != conn.member.participant_id:
                self.fail(conn, f"a welcome for someone else: {msg['participant']}")
            if exp.room is not None and msg["room"]["id"] != exp.room:
                self.fail(conn, f"a welcome to {msg['room']['id']}, not {exp.room}")

    async def hello(self, conn: Conn, frame: dict[str, Any]) -> None:
        """Send a hello on an open socket; a documented 4401 opens a new one."""
        msg = await self.send(conn, json.dumps(frame))
        if msg is None and conn.dead and not conn.closed_4403:
            await self.reopen(conn, conn.server)

    async def reopen(self, conn: Conn, server: int, junk: tuple[Any, ...] = ()) -> None:
        """A new socket for `conn` on `server`: the junk, then a hello with since (as the
        web client after a drop); a participant no longer in that room follows its room."""
        if conn.client is not None:
            self.absorb(conn)
            await conn.client.close()
        conn.server = server
        with_room = conn.board.room is not None
        for _ in range(4):
            if conn.member.participant_id in self.removed:
                conn.dead = True
                return
            conn.client = await Client.open(self.servers[server].ws, label=conn.label)
            conn.helloed, conn.scan, conn.read, conn.dead = False, 0, 0, False
            for item in junk:
                await self.send(conn, item if isinstance(item, str)
                                else json.dumps(self.resolve(item, conn)))
                if conn.client.closed:
                    break
            if conn.client.closed:
                junk = ()
                continue
            frame: dict[str, Any] = {"type": "hello", "token": conn.member.token}
            if with_room:
                frame["room"] = conn.board.room
                frame["since"] = conn.board.seq
            msg = await self.send(conn, json.dumps(frame))
            if msg is not None and msg.get("type") == "welcome":
                return
            if msg is not None:  # rate limited: a new socket has a full budget
                continue
            if conn.closed_4403 or conn.member.participant_id in self.removed:
                conn.dead = True
                return
            with_room = False  # not its room any more: its own room, with a whole state
        self.fail(conn, "could not open a socket and say hello")

    # steps

    async def step(self, step: Step) -> None:
        if isinstance(step, Sync):
            await self.sync()
            return
        if isinstance(step, Oversized):
            await self.oversized(step)
            return
        conn = self.conns[step.client % len(self.conns)]
        if conn.dead:
            return
        if isinstance(step, Reconnect):
            await self.reopen(conn, step.server % 2, step.junk)
        elif isinstance(step, Op):
            await self.send(conn, json.dumps(self.op_frame(conn, step.op, step.data, step.retry)))
        elif isinstance(step, Mutant):
            frame = self.op_frame(conn, step.op, step.data, None)
            target: dict[str, Any] = frame
            for key in step.path[:-1]:
                if not isinstance(target.get(key), dict):
                    target[key] = {}
                target = target[key]
            if step.value == DELETE:
                target.pop(step.path[-1], None)
            else:
                target[step.path[-1]] = step.value
            await self.send_any(conn, json.dumps(frame))
        elif isinstance(step, Frame):
            await self.send_any(conn, json.dumps(self.resolve(step.frame, conn)))
        elif isinstance(step, Raw):
            await self.send_any(conn, step.text)
        elif isinstance(step, Binary):
            await self.send_any(conn, step.data)
        elif isinstance(step, Hello):
            await self.hello(conn, self.hello_frame(conn, step))

    async def send_any(self, conn: Conn, raw: str | bytes) -> None:
        """A frame that may be anything: a hello it turns out to be may close the socket."""
        await self.send(conn, raw)
        if conn.dead and not conn.closed_4403:
            await self.reopen(conn, conn.server)

    def hello_frame(self, conn: Conn, step: Hello) -> dict[str, Any]:
        frame: dict[str, Any] = {"type": "hello"}
        others = [m for m in self.members if m.participant_id != conn.member.participant_id]
        frame["token"] = {"$self": conn.member.token, "$other": others[0].token,
                          "$bogus": "not-a-token"}.get(step.token, step.token) \
            if isinstance(step.token, str) else step.token
        room = step.room
        same_room = room == "$current"
        if room == "$current":
            room = conn.board.room
        elif room == "$plenary":
            room = self.plenary
            same_room = room == conn.board.room
        elif isinstance(room, Ref):
            room = self.resolve(room, conn)
            same_room = room == conn.board.room
        if room != "$omit":
            frame["room"] = room
        if step.since == "$seq":
            if same_room:
                frame["since"] = conn.board.seq
        elif step.since != "$omit":
            frame["since"] = step.since
            if isinstance(step.since, int) and not isinstance(step.since, bool) \
                    and 0 < step.since <= 10**6 and not same_room:
                frame.pop("since")  # a since of another room would be the client's bug
        return frame

    async def oversized(self, step: Oversized) -> None:
        server = self.servers[step.server % 2]
        client = await Client.open(server.ws, label="oversized")
        try:
            if step.helloed:
                await client.hello(self.members[0].token)
            prefix, suffix = '{"type": "ping", "t": "', '"}'
            room = step.size - len(prefix) - len(suffix)
            text = prefix + "\u00e9" * (room // 2) + "x" * (room % 2) + suffix
            assert len(text.encode()) == step.size
            self.log.append(f"oversized on server {step.server % 2}: {step.size} bytes")
            start = client.mark()
            with contextlib.suppress(ConnectionClosed, OSError):  # closed while it is sent
                await client.send_raw(text)
            if step.size > FRAME_BYTES_MAX:
                code = await client.wait_closed(ANSWER_TIMEOUT)
                if code != 1009:
                    self.fail(None, f"a message of {step.size} bytes closed with {code}, not 1009")
            else:
                kind = "pong" if step.helloed else "error"
                await client.wait_type(kind, start=start, timeout=ANSWER_TIMEOUT)
        finally:
            await client.close()

    # settling and the final checks

    def live(self) -> list[Conn]:
        return [c for c in self.conns if not c.dead]

    async def sync(self, targets: dict[str, int] | None = None,
                   timeout: float = SYNC_TIMEOUT) -> None:
        """Wait until every client applied every event of its room known so far."""
        deadline = time.monotonic() + timeout
        while True:
            await self.settle()
            seqs = targets if targets is not None else self.room_seq
            behind = [c for c in self.live()
                      if c.board.room is not None and c.board.seq < seqs.get(c.board.room, 0)]
            if not behind and not any(c.pending_move for c in self.live()):
                return
            if time.monotonic() > deadline:
                self.fail(behind[0] if behind else None,
                          "stuck: " + ", ".join(f"{c.label} at {c.board.seq} of room "
                                                f"{c.board.room} (seq {seqs.get(c.board.room)})"
                                                for c in behind))
            waits = [c.client.wait_for(lambda m: True, start=len(c.client.messages), timeout=0.2)
                     for c in behind if c.client is not None]
            with contextlib.suppress(AssertionError):
                await asyncio.gather(*waits)

    async def wait_for_timers(self) -> None:
        """A timer about to end makes a `timer.end` of its own: let it happen before
        the logs are read (a timer far off cannot end during the checks)."""
        await self.settle()
        ends = [t.get("ends_at") for _, t in self.timers.values() if t.get("status") == "running"]
        soon = [e for e in ends if isinstance(e, int) and e - time.time() * 1000 < 20_000]
        if soon:
            await asyncio.sleep(max(0.0, (max(soon) - time.time() * 1000) / 1000) + 1.5)

    async def read_log(self, server: int, room: str) -> list[Message]:
        """A room's events as a reconnect with since 0 replays them from `server`."""
        client = await Client.open(self.servers[server].ws, label=f"log{server}")
        try:
            start = client.mark()
            await client.send({"type": "hello", "token": self.members[0].token, "room": room,
                               "since": 0})
            welcome = await client.wait_type("welcome", start=start, timeout=ANSWER_TIMEOUT)
            if welcome["state"] is not None:
                self.fail(None, f"server {server}: since 0 of room {room} gave a whole state")
            seq = welcome["seq"]
            if seq:
                await client.wait_for(lambda m: m.get("type") == "event" and m["seq"] >= seq,
                                      timeout=ANSWER_TIMEOUT, what=f"replay up to {seq}")
            events = [m for m in client.events() if m["seq"] <= seq]
            if [e["seq"] for e in events] != list(range(1, seq + 1)):
                self.fail(None, f"server {server}: the replay of room {room} is "
                                f"{[e['seq'] for e in events]}, not 1..{seq}")
            return events
        finally:
            await client.close()

    async def fresh(self, server: int, conn: Conn) -> Message:
        client = await Client.open(self.servers[server].ws, label=f"fresh-{conn.label}")
        try:
            return await client.hello(conn.member.token, room=conn.board.room,
                                      timeout=ANSWER_TIMEOUT)
        finally:
            await client.close()

    async def finish(self) -> None:
        self.step_no = len(self.script.steps)
        await self.wait_for_timers()
        for conn in self.live():  # a removed participant's sockets close, on every process
            if conn.member.participant_id in self.removed and conn.client is not None:
                with contextlib.suppress(AssertionError):
                    await conn.client.wait_closed(ANSWER_TIMEOUT)
                self.absorb(conn)
                if conn.closed_4403:
                    continue
                if conn.pending_move is None and not conn.maybe_moved:
                    self.fail(conn, "the socket of a removed participant stayed open")
                # Moved and not yet in its new room: it finds out at its hello (4401).
                await self.hello(conn, {"type": "hello", "token": conn.member.token})
                if not conn.dead:
                    self.fail(conn, "a removed participant's hello was welcomed")
        await self.sync()
        with Api(self.servers[0].http) as api:
            r = api.get_workshop(self.workshop_id, self.members[0].token)
            assert r.status_code == 200, r.text
            rooms = [room["id"] for room in r.json()["rooms"]]
        for room in self.rooms:
            if room not in rooms and room != NO_SUCH["room"]:
                self.fail(None, f"room {room} was seen in an event but is not in the workshop")
        logs: dict[str, list[Message]] = {}
        for room in rooms:
            one, two = await self.read_log(0, room), await self.read_log(1, room)
            if one != two:
                lines = diff({e["seq"]: e for e in one}, {e["seq"]: e for e in two})
                self.fail(None, f"the processes disagree on room {room}'s events:\n  "
                                + "\n  ".join(lines[:10]))
            logs[room] = one
        await self.sync({room: len(events) for room, events in logs.items()})
        for conn in self.live():
            assert conn.client is not None and conn.board.room is not None
            extra = await self.barrier(conn)
            if extra:
                self.fail(conn, f"answers nothing asked for: {extra}")
            self.absorb(conn)
            mine = conn.board.view()
            for server in (0, 1):
                welcome = await self.fresh(server, conn)
                theirs = board_of(welcome).view()
                if mine != theirs:
                    self.fail(conn, f"its board differs from a fresh welcome's on server "
                                    f"{server}:\n  " + "\n  ".join(diff(mine, theirs)[:12]))
        for ack in self.acks:
            events = logs.get(ack.room, [])
            event = events[ack.seq - 1] if ack.seq <= len(events) else None
            if (event is None or event["op"] not in FIRST_EVENTS.get(ack.op, {ack.op})
                    or event["actor"] not in (ack.member, None)):
                self.fail(None, f"step {ack.step}: {ack.op} acked as seq {ack.seq} of room "
                                f"{ack.room}, but that event is {event}")
        for conn in self.conns:
            if conn.closed_4403 and conn.member.participant_id not in self.removed:
                self.fail(conn, "closed with 4403 but nobody removed it")
        for pid in self.removed:
            member = next((m for m in self.members if m.participant_id == pid), None)
            if member is None:
                continue
            for server in self.servers:
                client = await Client.open(server.ws, label="removed")
                try:
                    await client.send({"type": "hello", "token": member.token})
                    code = await client.wait_closed(ANSWER_TIMEOUT)
                finally:
                    await client.close()
                if code != 4401:
                    self.fail(None, f"the removed {member.name}'s hello closed with {code}")


def tracebacks(servers: list[ServerProcess]) -> list[str]:
    return [f"server {i} (port {s.port}):\n{s.output()[-6000:]}"
            for i, s in enumerate(servers) if "Traceback" in s.output()]


async def play(servers: list[ServerProcess], script: Script) -> Run:
    """Play `script` and check everything; raise ModelError (or AssertionError) if not."""
    run = Run(servers, script)
    run.setup()
    try:
        await run.open_all()
        for i, step in enumerate(script.steps):
            run.step_no = i
            await run.step(step)
            await run.settle()
        await run.finish()
    finally:
        await run.close_all()
    found = tracebacks(servers)
    if found:
        raise ModelError("a server logged a traceback:\n" + "\n".join(found))
    return run


def play_sync(servers: list[ServerProcess], script: Script, timeout: float = 120.0) -> Run:
    async def bounded() -> Run:
        return await asyncio.wait_for(play(servers, script), timeout)
    return asyncio.run(bounded())
