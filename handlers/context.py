"""The context every handler gets: the bot's services and the sender's translator.

python-telegram-bot builds one context per update (``ContextTypes``, as in its
``contexttypesbot.py`` example) and awaits its ``refresh_data`` once before the first handler
runs, so the delegate's language is read from SQLite there, once per update, however many
handlers and helpers use ``context.t`` afterwards.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.i18n import Translator
from bot.services import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._client_language: str | None = None
        self._translator: Translator | None = None

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> BotContext:
        context = super().from_update(update, application)
        if isinstance(update, Update) and update.effective_user is not None:
            context._client_language = update.effective_user.language_code
        return context

    async def refresh_data(self) -> None:
        await super().refresh_data()
        await self.load_translator()

    @property
    def svc(self) -> Services:
        return self.application.bot_data[SERVICES_KEY]

    @property
    def t(self) -> Translator:
        """The sender's translator (the event's default language in a job, which has no sender)."""
        if self._translator is None:
            self._translator = self.svc.translator(self.svc.event.default_language)
        return self._translator

    async def load_translator(self) -> Translator:
        """Read the sender's language: their stored choice, else their Telegram language."""
        if self._translator is None and SERVICES_KEY in self.application.bot_data:
            svc = self.svc
            if self._user_id is None:
                code = svc.event.default_language
            else:
                code = await svc.language_for(self._user_id, self._client_language)
            self._translator = svc.translator(code)
        return self.t


CONTEXT_TYPES = ContextTypes(context=BotContext)


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """The services, for code that runs outside an update (start-up, signals, timers)."""
    return application.bot_data[SERVICES_KEY]
