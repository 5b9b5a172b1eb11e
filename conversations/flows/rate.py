"""After the stars (stored at once, so nothing is lost), an optional comment.

comment -(text | skip)-> done
"""

from __future__ import annotations

from conversations import parsers
from conversations.model import END, Flow, Step

RATE_COMMENT = Flow(
    name="rate_comment",
    cancel_text="rate-comment-cancelled",
    steps=(
        Step(
            "comment",
            prompt="rate-ask-comment",
            parse=parsers.text("comment", max_len=500),
            next=END,
            skip=True,
        ),
    ),
)
