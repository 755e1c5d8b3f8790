"""Frames built to hurt the server are answered with an error, and the socket lives.

Deeply nested JSON anywhere (a ping's `t`, an op's data, a hello, the whole
frame), before and after hello: `bad_message` (or the documented close for a
bad hello), never a dropped socket or a traceback in the log.
"""

from __future__ import annotations

import pytest

from support.api import Api
from support.server import ServerProcess
from support.ws import connect, run


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [300, 1000, 1100])
def test_deeply_nested_frames_get_bad_message(server: ServerProcess, api: Api,
                                              depth: int) -> None:
    workshop = api.workshop()
    frames = [
        '{"type": "ping", "t": ' + _nested(depth) + "}",
        '{"type": "op", "ref": "deep", "op": "note.add", "data": {"text": "x", "x": '
        + _nested(depth) + "}}",
        '{"type": "cursor", "x": ' + _nested(depth) + ', "y": 1}',
        _nested(depth),
    ]

    async def scenario() -> None:
        async with connect(server.ws) as before:  # not said hello yet
            for frame in frames:
                start = before.mark()
                await before.send_raw(frame)
                error = await before.wait_type("error", start=start, timeout=10)
                assert error["code"] == "bad_message", error
            await before.hello(workshop.facilitator.token)
        async with connect(server.ws, workshop.facilitator.token) as after:
            for frame in frames:
                start = after.mark()
                await after.send_raw(frame)
                error = await after.wait_type("error", start=start, timeout=10)
                assert error["code"] == "bad_message", error
            await after.ping()
            await after.ack("note.add", {"text": "still works"})
    run(scenario(), timeout=60)
    assert "Traceback" not in server.output()
