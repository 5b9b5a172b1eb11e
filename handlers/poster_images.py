"""Drawing `/qr`'s door poster: A5 at 300 dpi, the site's names, its QR code, one line.

Pure CPU and a font read from disk, so `handlers.posters` runs it in a worker
thread. The CJK font is Noto Sans CJK from the OS package `fonts-noto-cjk`
(`find_cjk_font`); without it the poster cannot show Chinese, so rendering
refuses rather than drawing boxes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

A5_300DPI = (1748, 2480)  # 148 x 210 mm at 300 dots per inch
MARGIN = 120
QR_SIDE = 1100
BAND = (178, 34, 34)  # the practice network's red
INK = (33, 33, 33)
GREY = (110, 110, 110)
SC_INDEX = 2  # Simplified Chinese in the Noto Sans CJK collections (JP, KR, SC, TC, HK)
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONT_NAMES = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}


class NoCjkFont(RuntimeError):
    """fonts-noto-cjk is not installed: `apt-get install -y fonts-noto-cjk`."""


@cache
def find_cjk_font(weight: str = "regular") -> Path:
    """The Noto Sans CJK collection file of `weight` ("regular" or "bold")."""
    name = FONT_NAMES[weight]
    for folder in FONT_FOLDERS:
        for found in sorted(folder.rglob(name)) if folder.is_dir() else []:
            return found
    raise NoCjkFont(f"{name} not found under {', '.join(map(str, FONT_FOLDERS))}")


def font(size: int, weight: str = "regular") -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(find_cjk_font(weight)), size, index=SC_INDEX)


@dataclass(frozen=True, slots=True)
class PosterText:
    """What the poster says; the site's names in both languages and the call to act."""

    banner: str  # e.g. "扫码点单 · Scan to order"
    name_zh: str
    name_en: str
    action_zh: str
    action_en: str
    link: str


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Lines of `text` within `width`: by words where there are spaces, else by characters."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line}{joiner}{word}" if line else word
        if draw.textlength(candidate, font=face) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit(
    draw: ImageDraw.ImageDraw, text: str, size: int, weight: str, width: int, lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font from `size` down that sets `text` in at most `lines` lines."""
    while True:
        face = font(size, weight)
        wrapped = _wrap(draw, text, face, width)
        if len(wrapped) <= lines or size <= 24:
            return face, wrapped
        size -= 6


def _centered(
    draw: ImageDraw.ImageDraw,
    y: int,
    lines: list[str],
    face: ImageFont.FreeTypeFont,
    fill: tuple[int, int, int],
) -> int:
    """Draw `lines` centred from `y`; the y below them."""
    step = int(face.size * 1.3)
    for line in lines:
        draw.text((A5_300DPI[0] // 2, y), line, font=face, fill=fill, anchor="ma")
        y += step
    return y


def qr_image(link: str, side: int = QR_SIDE) -> Image.Image:
    """The link's QR code, `side` pixels square, its 4-module quiet zone included."""
    code = segno.make(link, error="q")
    modules = code.symbol_size(scale=1, border=4)[0]
    png = io.BytesIO()
    code.save(png, kind="png", scale=max(1, side // modules), border=4)
    png.seek(0)
    return Image.open(png).convert("RGB").resize((side, side), Image.Resampling.NEAREST)


def render_poster(text: PosterText) -> bytes:
    """The poster as PNG bytes, 1748 x 2480 px, tagged 300 dpi."""
    width, height = A5_300DPI
    inner = width - 2 * MARGIN
    image = Image.new("RGB", A5_300DPI, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 300), fill=BAND)
    face, lines = _fit(draw, text.banner, 110, "bold", inner, 1)
    draw.text((width // 2, 150), lines[0], font=face, fill="white", anchor="mm")
    face, lines = _fit(draw, text.name_zh, 120, "bold", inner, 2)
    y = _centered(draw, 380, lines, face, INK)
    face, lines = _fit(draw, text.name_en, 64, "regular", inner, 2)
    y = _centered(draw, y + 10, lines, face, GREY)
    qr_top = max(y, 660)
    image.paste(qr_image(text.link), ((width - QR_SIDE) // 2, qr_top))
    y = qr_top + QR_SIDE + 10
    face, lines = _fit(draw, text.action_zh, 72, "bold", inner, 2)
    y = _centered(draw, y, lines, face, INK)
    face, lines = _fit(draw, text.action_en, 52, "regular", inner, 2)
    _centered(draw, y + 10, lines, face, GREY)
    draw.text((width // 2, height - 80), text.link, font=font(34), fill=GREY, anchor="ms")
    out = io.BytesIO()
    # zlib's default level: `optimize` (level 9 and more passes) took three times as
    # long (0.19 s against 0.07 s a poster) for a file 2% smaller.
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()
