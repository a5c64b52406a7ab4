"""Process-wide logging setup."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    """Send Meldpunt's log records to stderr with timestamps, once per process."""
    root = logging.getLogger("meldpunt")
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())
