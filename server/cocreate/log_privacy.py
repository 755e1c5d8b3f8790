"""Keeping what people wrote out of the logs.

At `--log-level debug` the `websockets` library, through uvicorn's logger,
writes every frame it sends or receives, and frames carry names, organisations
and note texts. The server's own log lines name ids and counts only; this
filter drops the frame lines, so no level writes personal data (docs/security.md).
"""

from __future__ import annotations

import logging

# websockets.protocol: `logger.debug("< %s", frame)` and `("> %s", frame)`.
FRAME_FORMATS = frozenset({"< %s", "> %s"})


class WithoutFrames(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in FRAME_FORMATS
