"""An exception in one log line without its message: its type and the frames it went
through. Messages can carry personal data (a database error's DETAIL quotes key
values, `float("3号楼")` quotes the input); frames name only code."""

from __future__ import annotations

import traceback
from pathlib import PurePath

FRAMES = 8  # innermost frames `described` names


def described(error: BaseException) -> str:
    """`ValueError via router.py:88 in handle > parsers.py:41 in hours`: the type
    and the innermost frames, outermost first, without the message."""
    frames = traceback.extract_tb(error.__traceback__)[-FRAMES:] if error.__traceback__ else []
    where = " > ".join(f"{PurePath(f.filename).name}:{f.lineno} in {f.name}" for f in frames)
    return f"{type(error).__name__} via {where}" if where else type(error).__name__
