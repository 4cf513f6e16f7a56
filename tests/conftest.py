"""The test harness: the real Application, talking HTTP to a Bot API server on 127.0.0.1.

Updates are fed with ``Application.process_update`` so a test knows when the bot has finished
answering; every reply still travels over HTTP to ``FakeBotApi``, which checks it as Telegram
would (length, HTML, callback data) and keeps what the delegate would see in the chat.
"""

from __future__ import annotations

import os
import tempfile

os.environ["PTB_TIMEDELTA"] = "1"
# One embedding cache for every test and the benchmark helpers they import: each event's texts
# are embedded once per machine, as the bot does across restarts (a cache is keyed by content).
os.environ.setdefault(
    "EMBEDDING_CACHE", os.path.join(tempfile.gettempdir(), "meeting-bot-tests", "embeddings.db")
)

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram import Update
from telegram.ext import Application

from bot.agenda.reminders import ReminderSlot, plan_reminders
from bot.config import Settings
from bot.event import Event
from bot.ops.config import OpsSettings
from bot.programme.loader import load_event
from bot.services import Services
from handlers.app import build_application
from handlers.context import SERVICES_KEY
from handlers.delegate import reminders
from tests.botapi import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_EVENT = ROOT / "events" / "aspnet-lac-2024.yaml"
OTHER_EVENT = ROOT / "events" / "sample-other-meeting.yaml"
TOKEN = "123456:TEST-token-never-logged"
SANTO_DOMINGO = ZoneInfo("America/Santo_Domingo")
JSON = dict[str, Any]


@dataclass
class Clock:
    """A clock the test sets, so 'now' questions have one right answer."""

    now: datetime = field(
        default_factory=lambda: datetime(2024, 11, 6, 10, 30, tzinfo=SANTO_DOMINGO)
    )

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Delegate:
    """One person chatting with the bot; methods return what appeared in their chat."""

    harness: Harness
    user_id: int
    language_code: str = "en"
    chat_id: int | None = None
    chat_type: str = "private"

    @property
    def chat(self) -> int:
        return self.chat_id or self.user_id

    def screen(self) -> list[JSON]:
        return self.harness.api.messages(self.chat)

    async def send(self, text: str, **kwargs: Any) -> list[JSON]:
        update = self.harness.api.message_update(
            self.user_id,
            text,
            chat_id=self.chat_id,
            chat_type=self.chat_type,
            language_code=self.language_code,
            **kwargs,
        )
        return await self.harness.feed(update, self.chat)

    async def press(self, message: JSON, label_fragment: str) -> list[JSON]:
        """Press the button whose label contains ``label_fragment`` (a visible word)."""
        data = button_data(message, label_fragment)
        return await self.press_data(message, data)

    async def press_data(self, message: JSON, data: str) -> list[JSON]:
        update = self.harness.api.callback_update(
            self.user_id, message, data, language_code=self.language_code
        )
        return await self.harness.feed(update, self.chat)

    async def forge(self, message: JSON, data: str) -> list[JSON]:
        """A press with callback data no button carries, as a tampering client would send.

        The fake server refuses to build a press for data its stored message lacks, so the press
        is built on a copy of the message under an id the server does not keep.
        """
        forged = {**message, "message_id": message["message_id"] + 10**6}
        forged.pop("reply_markup", None)
        update = self.harness.api.callback_update(
            self.user_id, forged, data, language_code=self.language_code
        )
        return await self.harness.feed(update, self.chat)


def buttons(message: JSON) -> list[JSON]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b for row in rows for b in row]


def button_data(message: JSON, label_fragment: str) -> str:
    matches = [b for b in buttons(message) if label_fragment.lower() in b["text"].lower()]
    labels = [b["text"] for b in buttons(message)]
    assert matches, f"no button containing {label_fragment!r} among {labels}"
    return str(matches[0]["callback_data"])


@dataclass
class Harness:
    app: Application
    api: FakeBotApi
    clock: Clock
    event: Event
    _users: int = 1000
    _updates: int = 0
    _stopped: bool = False

    async def feed(self, update: JSON, chat_id: int) -> list[JSON]:
        self._updates += 1
        update.setdefault("update_id", self._updates)
        self.api.known_chats.add(chat_id)
        before = {m["message_id"]: m for m in self.api.messages(chat_id)}
        await self.app.process_update(Update.de_json(update, self.app.bot))
        after = self.api.messages(chat_id)
        return [m for m in after if before.get(m["message_id"]) != m]

    def delegate(self, language_code: str = "en", **kwargs: Any) -> Delegate:
        self._users += 1
        return Delegate(self, self._users, language_code, **kwargs)

    @property
    def services(self) -> Services:
        return self.app.bot_data[SERVICES_KEY]

    async def stop(self) -> None:
        """Stop as ``run_polling`` does on SIGTERM: post_stop, stop, post_shutdown, shutdown."""
        if self._stopped:
            return
        self._stopped = True
        assert self.app.post_stop and self.app.post_shutdown
        await self.app.post_stop(self.app)
        if self.app.running:
            await self.app.stop()
        await self.app.post_shutdown(self.app)
        await self.app.shutdown()


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(token=TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def shipped_event() -> Event:
    return load_event(SHIPPED_EVENT)


@pytest.fixture(scope="session")
def other_event() -> Event:
    return load_event(OTHER_EVENT)


StartHarness = Callable[..., Awaitable[Harness]]


@pytest.fixture(scope="session")
def embedding_cache() -> Path:
    return Path(os.environ["EMBEDDING_CACHE"])


@pytest.fixture
async def make_harness(
    api: FakeBotApi, clock: Clock, tmp_path: Path, embedding_cache: Path
) -> AsyncIterator[StartHarness]:
    """Start the bot on any event, as ``run_polling`` would; all are shut down afterwards.

    ``running=True`` also starts the Application (its JobQueue fires reminders); ``db_path``
    reuses a database, as a restart does; ``organisers`` sets ORGANISER_IDS and
    ``organisers_chat`` ORGANISERS_CHAT_ID; ``send_rate`` sets SEND_RATE (fan-out tests that
    do not measure the pace go faster); ``ops`` the hosting settings (health server, backups);
    ``chat_interval`` is the spacing between two messages
    to one chat and ``group_per_minute`` the cap per group (neither applies unless a test
    measures it, so conversations run at test speed); any other
    keyword is a ``Settings`` field (``handoff_idle=0.5``).
    """
    started: list[Harness] = []

    async def start(
        event: Event,
        *,
        db_path: Path | None = None,
        organisers: frozenset[int] = frozenset(),
        organisers_chat: int | None = None,
        running: bool = False,
        send_rate: float | None = None,
        ops: OpsSettings | None = None,
        chat_interval: float = 0.0,
        group_per_minute: int = 10**6,
        **settings: Any,
    ) -> Harness:
        settings = Settings(
            token=TOKEN,
            api_url=api.url,
            event_file=Path(event.source),
            db_path=db_path or tmp_path / f"bot-{len(started)}.sqlite3",
            organiser_ids=organisers,
            organisers_chat_id=organisers_chat,
            embedding_cache=embedding_cache,
            chat_interval=chat_interval,
            group_per_minute=group_per_minute,
            **settings,
            **({"send_rate": send_rate} if send_rate is not None else {}),
        )
        app = build_application(settings, event, clock, ops=ops)
        await app.initialize()
        assert app.post_init
        await app.post_init(app)
        if running:
            await app.start()
        harness = Harness(app, api, clock, event)
        started.append(harness)
        return harness

    yield start
    for harness in started:
        await harness.stop()


@pytest.fixture
async def harness(make_harness: StartHarness, shipped_event: Event) -> Harness:
    return await make_harness(shipped_event)


async def interrupted_fan_out(
    make_harness: StartHarness, event: Event, db: Path, count: int = 80
) -> tuple[Harness, list[Delegate], ReminderSlot]:
    """Start a 15-minute reminder of the panel to ``count`` delegates and stop the bot midway
    (the restart and resume tests of tests/test_reminders.py and tests/test_faults.py)."""
    session = event.session("panel-evaluation")
    first: Harness = await make_harness(event, db_path=db, running=True)
    delegates = [first.delegate("en") for _ in range(count)]
    for delegate in delegates:
        await first.services.storage.set_language(delegate.user_id, "en")
        first.api.known_chats.add(delegate.user_id)
    first.clock.now = session.start - timedelta(minutes=15, seconds=-1)
    await reminders.arm(first.app)
    delivered = lambda: sum(len(d.screen()) for d in delegates)  # noqa: E731
    await first.api.wait_for(lambda: delivered() >= 10, timeout=15)
    await first.stop()
    assert delivered() < count, "the stop came in the middle of the fan-out"
    [slot] = [
        s for s in plan_reminders(event, [15], first.clock.now)[0] if s.session_id == session.id
    ]
    return first, delegates, slot
