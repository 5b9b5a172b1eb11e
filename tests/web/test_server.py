"""The worker's web server alone: secret check, health answers, metrics text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.web.metrics import Metrics
from bot.web.server import WebServer, split_listen

SECRET = "unit-secret"


async def _up() -> bool:
    return True


async def _down() -> bool:
    raise ConnectionError("Connection refused")


@pytest.fixture
async def received() -> list[dict[str, Any]]:
    return []


@pytest.fixture
async def base(received: list[dict[str, Any]]) -> AsyncIterator[str]:
    async def receive(update: dict[str, Any]) -> None:
        received.append(update)

    async def orders() -> dict[str, int]:
        return {"new": 2, "accepted": 1}

    metrics = Metrics(orders)
    metrics.api_error(429)
    metrics.api_error(429)
    server = WebServer(
        listen="127.0.0.1:0",
        webhook_path="/hook",
        secret=SECRET,
        receive=receive,
        probes={"sql": _up, "redis": _down},
        metrics=metrics,
    )
    await server.start()
    yield f"http://127.0.0.1:{server.port}"
    await server.stop()


async def test_only_the_right_secret_is_received(base: str, received: list[dict[str, Any]]) -> None:
    async with aiohttp.ClientSession() as http:
        for secret, status in (("", 401), ("nope", 401), (SECRET, 200)):
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
            async with http.post(f"{base}/hook", json={"update_id": 1}, headers=headers) as r:
                assert r.status == status
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with http.post(f"{base}/hook", data=b"{not json", headers=headers) as r:
            assert r.status == 400
    assert received == [{"update_id": 1}]


@pytest.mark.parametrize("opening", ["[", '{"a":'])
async def test_a_50000_deep_json_body_with_the_right_secret_is_a_400_not_a_500(
    base: str, received: list[dict[str, Any]], opening: str
) -> None:
    # Before: json.loads raised RecursionError, which is not a ValueError: a 500.
    body = opening * 50_000 + "1" + ("]" if opening == "[" else "}") * 50_000
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/hook", data=body.encode(), headers=headers) as r:
            assert r.status == 400
        async with http.post(f"{base}/hook", json={"update_id": 2}, headers=headers) as r:
            assert r.status == 200  # the worker still serves
    assert received == [{"update_id": 2}]


async def test_healthz_names_the_failing_part(base: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz") as r:
        assert r.status == 503
        body = await r.text()
    assert body.startswith("sql: ok\nredis: ConnectionError: Connection refused")


async def test_metrics_are_prometheus_text(base: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/metrics") as r:
        assert r.headers["Content-Type"].startswith("text/plain")
        text = await r.text()
    assert 'civic_botapi_errors_total{code="429"} 2.0' in text
    assert 'civic_orders{status="new"} 2.0' in text
    assert 'civic_orders{status="accepted"} 1.0' in text


def test_listen_is_host_and_port() -> None:
    assert split_listen("127.0.0.1:8080") == ("127.0.0.1", 8080)
    assert split_listen("[::1]:81") == ("::1", 81)
    with pytest.raises(ValueError):
        split_listen("8080")


def test_two_apps_have_their_own_registries() -> None:
    first, second = Metrics(), Metrics()
    first.api_error(400)
    assert second.api_errors.labels(code="400")._value.get() == 0


async def test_metrics_answer_while_a_backend_is_down_and_say_which() -> None:
    # Before: the orders count raised while PostgreSQL was down, and /metrics was a 500.
    async def orders() -> dict[str, int]:
        raise ConnectionRefusedError("Connect call failed")

    metrics = Metrics(orders, {"sql": _down, "redis": _up})
    server = WebServer(
        listen="127.0.0.1:0",
        webhook_path=None,
        secret=SECRET,
        receive=_ignore,
        probes={},
        metrics=metrics,
    )
    await server.start()
    try:
        url = f"http://127.0.0.1:{server.port}/metrics"
        async with aiohttp.ClientSession() as http, http.get(url) as r:
            assert r.status == 200
            text = await r.text()
    finally:
        await server.stop()
    assert 'civic_backend_up{backend="sql"} 0.0' in text
    assert 'civic_backend_up{backend="redis"} 1.0' in text
    assert "civic_orders{" not in text  # not counted rather than stale


async def _ignore(update: dict[str, Any]) -> None:
    return None
