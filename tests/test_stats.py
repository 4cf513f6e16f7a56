"""/stats and ``python main.py stats``: the organisers' dashboard, through the chat."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PIL import Image

import main
from bot.event import Event
from bot.typography import typeset
from tests.conftest import Harness, StartHarness

ORGANISER = 9001


async def meeting(make_harness: StartHarness, event: Event, db: Path | None = None) -> Harness:
    """Three delegates (two via a poster), three questions (one the bot cannot answer)."""
    harness = await make_harness(event, organisers=frozenset({ORGANISER}), db_path=db)
    first, second, third = (harness.delegate(code) for code in ("es", "fr", "en"))
    await first.send("/start es-poster")
    await second.send("/start fr-poster")
    await third.send("/start")
    await first.send("¿Cuándo se fundó la red PEA?")
    await second.send("Quel est le mot de passe du wifi ?")
    await third.send("will it rain tomorrow?")
    return harness


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["📊 Panel:", "👥 4 participantes han iniciado el bot", "Por idioma:", "poster 2",
                "❓ 3 preguntas recibidas", "«No lo sé»: 1 (33", "• will it rain tomorrow? (1×)",
                "⏰ Recordatorios: 0 enviados", "Preguntas por hora (respondidas):", "10:00: 3 (2)"]),
        ("en", ["📊 Dashboard:", "👥 4 delegates have started the bot", "By language: English 2, Spanish 1, French 1",
                "❓ 3 questions asked", "“I don't know”: 1 (33%)", "🙋 Questions handed to you: 0 open",
                "📣 Announcements: 0 sent, 0 failed, 0 blocked", "10:00: 3 (2)"]),
        ("fr", ["📊 Tableau de bord :", "👥 4 participants ont lancé le bot", "Par origine du lien : poster 2",
                "❓ 3 questions posées", "« Je ne sais pas » : 1 (33", "Questions par heure (avec réponse) :"]),
    ],
)  # fmt: skip
async def test_stats_in_the_organisers_language(
    make_harness: StartHarness, shipped_event: Event, language: str, expected: list[str]
) -> None:
    harness = await meeting(make_harness, shipped_event)
    organiser = harness.delegate(language)
    organiser.user_id = ORGANISER
    await organiser.send(f"/start {language}")
    [text, photo] = await organiser.send("/stats")
    for fragment in expected:
        typeset_fragment = typeset(fragment, language)  # French spacing, as the bot applies it
        assert typeset_fragment in text["text"], (typeset_fragment, text["text"])
    upload = harness.api.calls_to("sendPhoto")[-1].params["photo"]
    image = Image.open(io.BytesIO(upload.data))
    assert image.format == "PNG" and image.size[0] >= 600
    assert photo["caption"] == {"es": "Preguntas por hora", "en": "Questions per hour",
                                "fr": "Questions par heure"}[language]  # fmt: skip


async def test_stats_is_for_organisers_only_and_forget_removes_the_delegate(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    harness = await meeting(make_harness, shipped_event)
    intruder = harness.delegate("en")
    [refusal] = await intruder.send("/stats")
    assert refusal["text"] == "Sorry, this is for the organisers only."
    assert not harness.api.calls_to("sendPhoto")
    poster_fan = harness.delegate("es")
    await poster_fan.send("/start es-poster")
    [confirm] = await poster_fan.send("/forget")
    await poster_fan.press(confirm, "Sí")
    organiser = harness.delegate("en")
    organiser.user_id = ORGANISER
    [text, _] = await organiser.send("/stats")
    # The three of the meeting: the forgotten one is gone, and /stats alone registers no one.
    assert "👥 3 delegates have started the bot" in text["text"]
    assert "By link source: poster 2" in text["text"]


async def test_stats_from_the_command_line(
    make_harness: StartHarness,
    shipped_event: Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "bot.sqlite3"
    harness = await meeting(make_harness, shipped_event, db)
    await harness.stop()
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.delenv("EVENT_FILE", raising=False)
    chart = tmp_path / "chart.png"
    assert await asyncio.to_thread(main.main, ["stats", "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "3 delegates have started the bot" in out and "<b>" not in out
    assert "• will it rain tomorrow? (1×)" in out
    with Image.open(chart) as image:
        assert image.format == "PNG"
