"""The names of the files the bot sends are words like any other: in the locales
("签到码.png" in zh-CN, "checkin.png" in en), never a literal in a handler.
Read from the source (no handler is run)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.translator import shared_translator

TR = shared_translator()
ROOT = Path(__file__).resolve().parents[2]
SENDS = {"send_photo": 2, "send_document": 2, "send_document_path": 2}  # the name's place
# Each file name's key, an example of its arguments, and the extension it must keep.
FILE_KEYS = {
    "activity-code-file": ({}, ".png"),
    "stats-file": ({}, ".png"),
    "stats-trend-file": ({}, ".png"),
    "me-card-file": ({}, ".png"),
    "shop-qr-file": ({"code": "AB12"}, ".png"),
    "honour-file": ({"year": "2026", "month": "11"}, ".png"),
    "poster-file": ({"id": "11"}, ".png"),
    "posters-file": ({}, ".zip"),
    "certificates-file": ({"id": "7"}, ".pdf"),
    "checkin-file": ({}, ".png"),
    "mydata-filename": ({"id": "800001"}, ".txt"),
}


def _literal(node: ast.expr) -> bool:
    """A name written in code: a string, or an f-string (its words are code's too)."""
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _literal_names(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        place = SENDS.get(node.func.attr)
        if place is None:
            continue
        named = [k.value for k in node.keywords if k.arg == "filename"]
        if len(node.args) > place:
            named.append(node.args[place])
        found += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in named if _literal(n)]
    return found


def test_no_handler_sends_a_file_under_a_literal_name() -> None:
    sources = [*(ROOT / "handlers").rglob("*.py"), *(ROOT / "bot").rglob("*.py")]
    literal = [where for path in sources for where in _literal_names(path)]
    assert literal == [], f"file names belong in the locales: {literal}"


@pytest.mark.parametrize("key", sorted(FILE_KEYS))
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_each_file_name_is_in_both_locales(key: str, locale: str) -> None:
    args, extension = FILE_KEYS[key]
    assert key in TR.keys(locale)
    name = TR.text(locale, key, **args)
    assert name != key and name.endswith(extension), name
    assert "/" not in name and "{" not in name


def test_the_chinese_names_are_chinese() -> None:
    for key, (args, _) in FILE_KEYS.items():
        assert TR.text("zh-CN", key, **args) != TR.text("en", key, **args), key
