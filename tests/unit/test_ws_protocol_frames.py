"""A frame written to many sockets is serialized once, and never mixed up
with another text's frame."""

from __future__ import annotations

import random

from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from cocreate.ws_protocol import _text_frame


def _parsed(data: bytes) -> Frame:
    reader = StreamReader()
    reader.feed_data(data)
    parser = Frame.parse(reader.read_exact, mask=False)
    try:
        next(parser)
        raise AssertionError("the frame was incomplete")
    except StopIteration as done:
        frame: Frame = done.value
    return frame


def test_every_frame_is_the_text_it_was_given_in_any_order() -> None:
    rng = random.Random(4)
    texts = ["é" * n for n in (0, 1, 125, 126, 65_535, 65_536)] + [
        '{"type":"drag","id":"n1"}', '{"type":"presence"}']
    for _ in range(300):
        text = rng.choice(texts)
        if rng.random() < 0.3:
            text = "".join(list(text))  # an equal text that is another object
        frame = _parsed(_text_frame(text))
        assert (frame.opcode, frame.fin, frame.data.decode()) == (Opcode.TEXT, True, text)


def test_the_same_text_to_many_sockets_is_serialized_once() -> None:
    text = '{"type":"cursor","x":1}' + "x" * 200
    first = _text_frame(text)
    assert all(_text_frame(text) is first for _ in range(50))
    other = '{"type":"presence"}' + "y"
    _text_frame(other)
    assert _text_frame(text) is first  # two audiences in turn keep their frames
    assert _text_frame(other) is _text_frame(other)
