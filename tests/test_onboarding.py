"""Onboarding: QR codes that open the bot in a language, deep-link source tags, and the
bot's description and short description per language."""

from __future__ import annotations

import asyncio
import base64
import io
from pathlib import Path

import pytest
import zxingcpp
from defusedxml import ElementTree
from PIL import Image

import main
from bot.dashboard.stats import collect
from bot.i18n import Translator
from bot.programme.loader import load_event
from tests.botapi import FakeBotApi
from tests.conftest import SHIPPED_EVENT, TOKEN, Harness

SVG = "{http://www.w3.org/2000/svg}"


def decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


async def run_main(monkeypatch: pytest.MonkeyPatch, *argv: str, **env: str) -> int:
    """main.main in a thread, so its blocking getMe can reach the fake server on this loop."""
    for key in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "EVENT_FILE"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return await asyncio.to_thread(main.main, list(argv))


async def test_qr_codes_decode_to_deep_links_and_the_sheet_holds_them(
    api: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "qr"
    code = await run_main(
        monkeypatch, "qr", "--out", str(out), TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api.url
    )
    assert code == 0
    assert api.calls_to("getMe"), "the username is asked from the Bot API"
    username = api.bot_user["username"]
    for lang in ("es", "en", "fr"):
        link = f"https://t.me/{username}?start={lang}"
        assert decode((out / f"qr-{lang}.png").read_bytes()) == [link]
        svg = ElementTree.parse(out / f"qr-{lang}.svg").getroot()
        assert svg.tag == f"{SVG}svg"
    sheet = ElementTree.parse(out / "onboarding-sheet.svg").getroot()
    assert (sheet.get("width"), sheet.get("height")) == ("210mm", "297mm")  # A4
    text = " ".join(line for t in sheet.iter(f"{SVG}text") for line in t.itertext())
    assert load_event(SHIPPED_EVENT).name.get("es") in text
    assert "Escanee este código con la cámara de su teléfono" in text
    assert "Scan this code with your phone's camera" in text
    assert "Scannez ce code avec l’appareil photo" in text
    images = [i.get("href") or "" for i in sheet.iter(f"{SVG}image")]
    printed = [decode(base64.b64decode(uri.split(",", 1)[1]))[0] for uri in images]
    assert printed == [f"https://t.me/{username}?start={lang}" for lang in ("es", "en", "fr")]


async def test_qr_with_a_bot_name_and_a_source_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "qr"
    assert (
        await run_main(
            monkeypatch, "qr", "--bot", "@aspnet_bot", "--tag", "poster", "--out", str(out)
        )
        == 0
    )
    assert decode((out / "qr-fr.png").read_bytes()) == ["https://t.me/aspnet_bot?start=fr-poster"]
    assert await run_main(monkeypatch, "qr", "--bot", "x y", "--out", str(out)) == 2
    assert await run_main(monkeypatch, "qr", "--out", str(out)) == 2  # no token, no --bot
    err = capsys.readouterr().err
    assert "is not a Telegram bot username" in err and "give --bot USERNAME" in err


async def test_getme_failure_is_told_without_the_token(
    api: FakeBotApi,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = await run_main(
        monkeypatch,
        "qr",
        "--out",
        str(tmp_path),
        TELEGRAM_BOT_TOKEN="1:wrong",
        TELEGRAM_API_URL=api.url,
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "getMe failed: Unauthorized" in err and "1:wrong" not in err


async def test_deep_link_sets_the_language_and_counts_the_source(harness: Harness) -> None:
    delegate = harness.delegate("en")
    [welcome] = await delegate.send("/start fr-poster")
    assert welcome["text"].startswith("Bienvenue")
    await delegate.send("/start es-badge")  # a later link changes the language, not the source
    other = harness.delegate("es")
    await other.send("/start poster")  # a tag alone, no language
    stranger = harness.delegate("es")
    [reply] = await stranger.send("/start ../../etc-<b>")  # nonsense is ignored, not echoed
    assert harness.event.name.get("es") in reply["text"] and "etc" not in reply["text"]
    svc = harness.services
    assert await svc.storage.language(delegate.user_id) == "es"
    dashboard = await collect(svc.storage, harness.event)
    assert dict(dashboard.by_source) == {"poster": 2}
    await svc.forget(delegate.user_id)
    dashboard = await collect(svc.storage, harness.event)
    assert dict(dashboard.by_source) == {"poster": 1}


async def test_descriptions_are_set_per_language_within_limits(harness: Harness) -> None:
    api, event = harness.api, harness.event
    for lang in ("es", "en", "fr"):
        description = api.texts["description", lang]
        short = api.texts["short_description", lang]
        assert event.name.get(lang) in description and len(description) <= 512
        assert 0 < len(short) <= 120
    t = Translator("fr", event.timezone)
    assert api.texts["description", "fr"] != api.texts["description", "es"]
    assert api.texts["description", ""] == api.texts["description", event.default_language]
    assert (
        t.gettext("Programme, venue and answers for {event}")[:20]
        in api.texts["short_description", "fr"]
    )
