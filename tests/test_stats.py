"""/stats and ``python main.py stats``: the organisers' dashboard, through the chat."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

import main
from bot.event import Event
from bot.storage import Storage
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
                "⏰ 0 recordatorios enviados", "Preguntas por hora (respondidas):", "10:00: 3 (2)"]),
        ("en", ["📊 Dashboard:", "👥 4 delegates have started the bot", "By language: English 2, Spanish 1, French 1",
                "❓ 3 questions asked", "“I don't know”: 1 (33%)", "🙋 0 questions handed to you are open",
                "📣 0 announcement messages sent", "📣 0 announcement messages blocked", "10:00: 3 (2)"]),
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


async def one_of_each(db: Path) -> None:
    """A database where every hand-off and delivery count is 1 (and 1 question per hour)."""
    storage = await Storage.open(db)
    now = datetime(2024, 11, 6, 12, tzinfo=UTC).isoformat()
    async with storage.transaction() as conn:
        await conn.execute(
            "INSERT INTO delegates (user_id, language, created_at, updated_at)"
            " VALUES (1, 'fr', ?, ?)",
            (now, now),
        )
        await conn.execute(
            "INSERT INTO handoffs (user_id, language, question, asked_at) VALUES (1, 'fr', 'q', ?)",
            (now,),
        )
        await conn.execute(
            "INSERT INTO handoffs (user_id, language, question, asked_at, answer, answered_at)"
            " VALUES (1, 'fr', 'q', ?, 'a', ?)",
            (now, now),
        )
        for job, kind in (("r1", "reminder"), ("bc:1", "broadcast")):
            await conn.execute(
                "INSERT INTO outbox_jobs (job, kind, created_at) VALUES (?, ?, ?)", (job, kind, now)
            )
            for chat, status in ((1, "sent"), (2, "failed"), (3, "blocked")):
                await conn.execute(
                    "INSERT INTO outbox (job, chat_id, payload, status, updated_at)"
                    " VALUES (?, ?, '{}', ?, ?)",
                    (job, chat, status, now),
                )
    await storage.count_question("fr", True, datetime(2024, 11, 6, 12, tzinfo=UTC))
    await storage.close()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["🙋 1 pregunta remitida a ustedes está abierta",
                "✅ 1 pregunta remitida a ustedes ha sido respondida",
                "⏰ 1 recordatorio enviado", "⏰ 1 recordatorio fallido", "⏰ 1 recordatorio bloqueado",
                "📣 1 mensaje de anuncio enviado", "📣 1 mensaje de anuncio fallido",
                "📣 1 mensaje de anuncio bloqueado"]),
        ("fr", ["🙋 1 question qui vous a été transmise est ouverte",
                "✅ 1 question qui vous a été transmise a reçu une réponse",
                "⏰ 1 rappel envoyé", "⏰ 1 rappel en échec", "⏰ 1 rappel bloqué",
                "📣 1 message d’annonce envoyé", "📣 1 message d’annonce en échec",
                "📣 1 message d’annonce bloqué"]),
        ("en", ["🙋 1 question handed to you is open",
                "✅ 1 question handed to you has been answered",
                "⏰ 1 reminder sent", "⏰ 1 reminder failed", "⏰ 1 reminder blocked",
                "📣 1 announcement message sent", "📣 1 announcement message failed",
                "📣 1 announcement message blocked"]),
    ],
)  # fmt: skip
def test_stats_counts_agree_with_their_number(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    expected: list[str],
) -> None:
    """Each count is its own line in its plural form: "1 enviados" and "1 envoyés" were wrong."""
    db = tmp_path / "bot.sqlite3"
    asyncio.run(one_of_each(db))
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.delenv("EVENT_FILE", raising=False)
    assert main.main(["stats", "--lang", language]) == 0
    lines = capsys.readouterr().out.splitlines()
    for line in expected:
        assert typeset(line, language) in lines, (line, lines)


def test_stats_language_is_one_of_the_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lang is read as the bot reads a client's language (es-ES is Spanish, with the event's
    locale); one the event does not offer is refused, not half translated."""
    db = tmp_path / "bot.sqlite3"
    asyncio.run(one_of_each(db))
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.delenv("EVENT_FILE", raising=False)
    for requested in ("es-ES", "ES"):
        assert main.main(["stats", "--lang", requested]) == 0
        assert "⏰ 1 recordatorio enviado" in capsys.readouterr().out
    assert main.main(["stats", "--lang", "de"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines() == [
        "--lang de: not one of the event's languages (es, en, fr)"
    ]
