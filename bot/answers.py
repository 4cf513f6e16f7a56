"""Free-text questions in, one answer out: the seam between a delegate's words and the event.

``answer`` is plain Python (text, language, now → ``Answer``) so the bot, the ``ask`` command
and the benchmark all run the very same code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from bot import views
from bot.event import Event
from bot.i18n import Translator
from bot.views import Reply

FALLBACK = "fallback"


@dataclass(frozen=True)
class Answer:
    kind: str
    id: str | None
    reply: Reply


def fold(text: str) -> str:
    """Lowercase, accents and punctuation removed: how people type on phones."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", bare))


class Answerer:
    """Answers questions about one event; built once per event (re)load."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self._faq_by_phrasing = {
            fold(q): entry for entry in event.faq for qs in entry.questions.values() for q in qs
        }

    def answer(self, text: str, t: Translator, now: datetime) -> Answer:
        entry = self._faq_by_phrasing.get(fold(text))
        if entry is not None:
            return Answer("faq", entry.id, views.faq_answer(self.event, t, entry))
        return Answer(FALLBACK, None, views.fallback(self.event, t))
