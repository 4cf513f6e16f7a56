"""Updates from different chats handled at once; one chat's updates one after the other.

Python-telegram-bot handles updates one at a time by default. Then one reply that has to wait
holds up every delegate: a venue answer is two messages (the map pin, then the directions), and
Telegram's limit of one message a second per chat makes the second wait a second, during which
nobody else was answered. ``bench/bench_capacity.py`` measured it: questions from 100
delegates were answered at 12.8 a second as shipped, and 200 of them at 27.8 a second instead of
15.0 with the per-chat spacing lifted; with this processor, 27.7 as shipped.

With this processor the other chats go on meanwhile. A chat's own updates still run in the
order they came, so a conversation (``ConversationHandler`` keys on chat and user) never sees
its updates reordered or interleaved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64  # chats answered at once; more wait, in order


class OneChatAtATime(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # a chat's lock and its updates
        self._not_begun: set[int] = set()  # updates taken from the queue, not yet handled

    @property
    def waiting(self) -> int:
        """Updates taken from the queue that wait for a free slot or for their chat: the
        health check counts them with the queue's (``handlers.hosting``)."""
        return len(self._not_begun)

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        self._not_begun.add(id(update))
        try:
            await super().process_update(update, coroutine)
        finally:
            self._not_begun.discard(id(update))

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = _chat_of(update)
        if chat is None:  # nothing to keep in order with (an inline query, a poll)
            self._not_begun.discard(id(update))
            await coroutine
            return
        lock, pending = self._chats.get(chat, (asyncio.Lock(), 0))
        self._chats[chat] = (lock, pending + 1)
        try:
            async with lock:
                self._not_begun.discard(id(update))
                await coroutine
        finally:
            lock, pending = self._chats[chat]
            if pending == 1:
                del self._chats[chat]
            else:
                self._chats[chat] = (lock, pending - 1)

    async def initialize(self) -> None:
        """Nothing to set up: locks are made as chats write."""

    async def shutdown(self) -> None:
        """Nothing to release: the Application awaits the updates under way."""


def _chat_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
