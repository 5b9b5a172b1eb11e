"""The door poster as an image: A5 at 300 dpi, drawn with the Noto Sans CJK font of
the OS package fonts-noto-cjk (not Pillow's fallback), the link in its QR code."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from domain.posters import site_link
from handlers.poster_images import (
    A5_300DPI,
    PosterText,
    find_cjk_font,
    font,
    qr_image,
    render_poster,
)

TEXT = PosterText(
    banner="扫码点单 · Scan to order",
    name_zh="大桥社区新时代文明实践站",
    name_en="Daqiao Community Practice Station",
    action_zh="用手机扫码，打开 Telegram 即可预约志愿服务。",
    action_en="Scan with your phone to book a volunteer service in Telegram.",
    link=site_link("civic_bot", 11),
)


def _glyph(char: str) -> bytes:
    image = Image.new("L", (100, 100), 0)
    ImageDraw.Draw(image).text((10, 0), char, font=font(80), fill=255)
    return image.tobytes()


def test_the_cjk_font_resolves_to_noto_sans_cjk_sc() -> None:
    for weight in ("regular", "bold"):
        path = find_cjk_font(weight)
        assert path.name.startswith("NotoSansCJK") and path.is_file()
    face = font(80, "bold")
    assert isinstance(face, ImageFont.FreeTypeFont)
    assert face.getname() == ("Noto Sans CJK SC", "Bold")
    # CJK glyphs are drawn, each its own, not one missing-glyph box for all.
    assert _glyph("站") != _glyph("店") and _glyph("站") != _glyph("\U0010fffd")


def test_the_poster_is_a5_at_300_dpi() -> None:
    image = Image.open(io.BytesIO(render_poster(TEXT)))
    assert image.size == A5_300DPI == (1748, 2480)
    assert tuple(round(d) for d in image.info["dpi"]) == (300, 300)
    # The band at the top is the red, the corners below it white.
    rgb = image.convert("RGB")
    assert rgb.getpixel((10, 10)) == (178, 34, 34)
    assert rgb.getpixel((10, 2470)) == (255, 255, 255)


def test_long_names_still_fit() -> None:
    long = PosterText(
        banner=TEXT.banner,
        name_zh="某某县某某镇某某村新时代文明实践站第二服务点（临时）",
        name_en="A Very Long Village Name Practice Station, Second Service Point (Temporary)",
        action_zh=TEXT.action_zh,
        action_en=TEXT.action_en,
        link=TEXT.link,
    )
    assert Image.open(io.BytesIO(render_poster(long))).size == A5_300DPI


def test_the_qr_code_is_square_and_black_on_white() -> None:
    image = qr_image("https://t.me/civic_bot?start=site_11", 500)
    assert image.size == (500, 500)
    colours = {image.getpixel((x, y)) for x in range(0, 500, 7) for y in range(0, 500, 7)}
    assert colours == {(0, 0, 0), (255, 255, 255)}


def test_the_link_is_the_site_deep_link() -> None:
    assert site_link("civic_bot", 11) == "https://t.me/civic_bot?start=site_11"
