"""One name per feature across the layers (docs/architecture.md, "Feature map").

A feature keeps one name in every layer where it has a file: `domain/X.py`,
`domain/ports/X.py`, `conversations/flows/X.py`, `handlers/X.py`,
`storage/sql/repos/X.py` and `locales/*/X.ftl`. The handler kit (`handlers/kit/`)
is not a feature. Read from the file names only, nothing imported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "handlers" / "kit"
KIT_MODULES = frozenset({"router", "context", "ports", "presses", "render", "chunks", "finishers"})
CODE_LAYERS = {
    "domain": ROOT / "domain",
    "domain/ports": ROOT / "domain" / "ports",
    "conversations/flows": ROOT / "conversations" / "flows",
    "handlers": ROOT / "handlers",
    "storage/sql/repos": ROOT / "storage" / "sql" / "repos",
}
LOCALES = ("zh-CN", "en")
# Other words once used for a feature, and the one name it has now.
SYNONYMS = {
    "catalogue": "catalog",
    "join": "applications",
    "joining": "applications",
    "application": "applications",
    "order": "orders",
    "orderinfo": "orders",
    "offer": "offers",
    "dispatch": "offers",
    "dispatcher": "offers",
    "invite": "invites",
    "volunteer": "volunteers",
    "civic": "common",
    "delivery": "notices",
    "polling": "notices",
    "visit": "visits",
    "orderdetails": "order_details",
    "beneficiary": "order_details",
    "beneficiaries": "order_details",
    "activity": "activities",
    "event": "activities",
    "events": "activities",
    "household": "households",
    "certificate": "certificates",
    "honor": "honour",
}


def stems(folder: Path, suffix: str = ".py") -> set[str]:
    return {p.stem for p in folder.glob(f"*{suffix}") if p.stem != "__init__"}


def layers() -> dict[str, set[str]]:
    found = {name: stems(folder) for name, folder in CODE_LAYERS.items()}
    for locale in LOCALES:
        found[f"locales/{locale}"] = stems(ROOT / "locales" / locale, ".ftl")
    return found


def features() -> set[str]:
    """The feature modules of handlers/: every module there but the composition root."""
    return stems(ROOT / "handlers") - {"setup"}


def variants(name: str) -> set[str]:
    """Names that would be the same feature spelled otherwise: singular or plural, or a
    known synonym."""
    other = name[:-1] if name.endswith("s") else f"{name}s"
    return {other} | {word for word, meant in SYNONYMS.items() if meant == name}


def test_the_layers_are_read() -> None:
    # Guards the checks below against passing on empty folders.
    found = layers()
    assert {"applications", "audit", "catalog", "privacy"} <= features()
    assert all(found.values()), [name for name, names in found.items() if not names]
    assert stems(KIT) >= KIT_MODULES


def test_the_kit_stands_apart_from_the_features() -> None:
    assert features() & stems(KIT) == set()


@pytest.mark.parametrize("feature", sorted(features()))
def test_a_feature_has_one_name_in_every_layer(feature: str) -> None:
    spelled_otherwise = {
        f"{layer}/{name}": feature
        for layer, names in layers().items()
        for name in names & variants(feature)
    }
    assert spelled_otherwise == {}


def test_no_file_is_named_by_a_synonym() -> None:
    found = {
        f"{layer}/{name}": SYNONYMS[name]
        for layer, names in layers().items()
        for name in names & SYNONYMS.keys()
    }
    assert found == {}


def test_every_locale_file_is_named_after_a_feature_in_the_code() -> None:
    # Not after the session that wrote it: each .ftl shares its name with a module.
    code = set().union(*(stems(folder) for folder in CODE_LAYERS.values()))
    for locale in LOCALES:
        assert stems(ROOT / "locales" / locale, ".ftl") - code == set(), locale


def test_each_locale_has_the_same_files() -> None:
    zh, en = (stems(ROOT / "locales" / locale, ".ftl") for locale in LOCALES)
    assert zh == en


def test_variants_cover_plural_singular_and_synonyms() -> None:
    assert variants("catalog") == {"catalogs", "catalogue"}
    assert variants("orders") == {"order", "orderinfo"}
    assert {"volunteer"} <= variants("volunteers")
    assert "audit" not in variants("audit")
