"""What every handler needs, gathered once: the event, its answerer, storage and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.answers import Answerer
from bot.config import Settings
from bot.event import Event
from bot.i18n import Translator
from bot.storage import Storage


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    event: Event
    storage: Storage
    clock: Callable[[], datetime] = system_clock
    answerer: Answerer = field(init=False)

    def __post_init__(self) -> None:
        self.answerer = Answerer(self.event)

    def translator(self, language: str) -> Translator:
        return Translator(self.event.language_or_default(language), self.event.timezone)

    async def language_for(self, user_id: int, client_language: str | None) -> str:
        """The delegate's stored choice, else their Telegram language if offered, else default."""
        stored = await self.storage.language(user_id)
        if stored in self.event.languages:
            return stored
        return self.event.language_or_default(client_language)
