"""Certificate codes and PDFs, the honour card and its arguments: pure, no I/O."""

from __future__ import annotations

import io

from pypdf import PdfReader

from domain.certificate_models import CODE_CHARS, shown, sign, verify
from handlers.certificates import Sheet, certificate_pdf
from handlers.honour import Card, card_png, cjk_font, parse_args

KEY = b"k" * 32


def test_a_code_reads_back_and_a_changed_one_does_not() -> None:
    code = sign(4321, KEY)
    assert len(code) == CODE_CHARS
    assert verify(code, KEY) == 4321
    assert verify(shown(code).lower(), KEY) == 4321  # typed in groups, lower case
    assert verify(code, b"x" * 32) is None
    flipped = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert verify(flipped, KEY) is None
    assert verify("not a code", KEY) is None
    assert verify("1" * CODE_CHARS, KEY) is None  # not base32


def test_the_pdf_holds_chinese_and_english_text() -> None:
    sheet = Sheet(
        title="志愿服务证明 Volunteer Service Certificate",
        sections=(("一、个人信息", (("姓名", "王秀英"), ("Hours served", "12.5 h"))),),
        footer=("验证码：ABCD-EFGH-JKLM-NPQR",),
    )
    data = certificate_pdf(sheet)
    assert data.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for words in ("志愿服务证明", "王秀英", "Hours served", "12.5 h", "ABCD-EFGH-JKLM-NPQR"):
        assert words in text


def test_the_honour_card_is_a_png_in_the_cjk_font() -> None:
    assert cjk_font() is not None, "install fonts-noto-cjk (see README)"
    card = Card(
        "🏅 2026年11月 光荣榜",
        "全县",
        (("文明家庭", (("周阿姨", "8 分"),)), ("志愿者", ())),
        "暂无",
    )
    assert card_png(card).startswith(b"\x89PNG\r\n\x1a\n")


def test_honour_arguments() -> None:
    assert parse_args("", 2026) == (None, None)
    assert parse_args("11", 2026) == (11, None)
    assert parse_args("11 2025-03", 2026) == (11, (2025, 3))
    assert parse_args("11月", 2026) == (None, (2026, 11))
    assert parse_args("2026年11月", 2026) == (None, (2026, 11))
    assert parse_args("what", 2026) is None
    assert parse_args("11 12 13", 2026) is None
