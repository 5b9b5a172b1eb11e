"""The venue's check-in link as a QR picture (PNG), drawn with `segno` as the
door check-in's is (`handlers.checkin` on main)."""

from __future__ import annotations

import io

import segno

SCALE = 8  # pixels per module: a phone scans it from a screen across a table
BORDER = 4  # modules of quiet zone, as the standard asks


def qr_png(text: str) -> bytes:
    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=SCALE, border=BORDER)
    return png.getvalue()
