"""A QR code as PNG bytes, for the venue's check-in link: `qrcode` lays out the
modules, and the PNG is written here (zlib and a few chunks), so no imaging
library is needed."""

from __future__ import annotations

import struct
import zlib

import qrcode

SCALE = 8  # pixels per module: a phone scans it from a screen across a table
BORDER = 4  # modules of quiet zone, as the standard asks


def qr_png(text: str) -> bytes:
    code = qrcode.QRCode(border=BORDER, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    rows = []
    for modules in matrix:
        # Greyscale, 8 bits: black (0) for a dark module, white (255) otherwise.
        line = b"".join((b"\x00" if dark else b"\xff") * SCALE for dark in modules)
        rows.extend([b"\x00" + line] * SCALE)  # filter type 0 before each row
    size = len(matrix) * SCALE
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
