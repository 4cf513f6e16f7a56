"""An understood question put into words: the one place an answer becomes a ``Reply``.

The bot renders once, after the engine, with what only the chat knows (the delegate's followed
sessions, for the Follow / Unfollow button); ``main.py ask`` and the benchmark render through the
same function without them, so what they print is what a delegate reads.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import assert_never

from bot.answers.understood import (
    Courtesy,
    DayTarget,
    DidYouMean,
    Fallback,
    FaqTarget,
    MeetingDates,
    Moment,
    MomentTarget,
    NoQuestion,
    RoomTarget,
    SessionTarget,
    SmallTalk,
    Target,
    Topic,
    VenueTarget,
    VenueTopic,
)
from bot.event import Event
from bot.i18n import Translator
from bot.ui import callbacks, views
from bot.ui.views import Button, Reply


def render(
    event: Event,
    target: Target,
    t: Translator,
    now: datetime,
    followed: Collection[str] | None = None,
) -> Reply:
    """``followed`` are the session ids the delegate follows; None (no delegate: the ``ask``
    command, the benchmark) leaves the Follow button out."""
    match target:
        case DidYouMean(options):
            return views.did_you_mean(t, _options(event, options, t))
        case FaqTarget(entry_id):
            entry = event.faq_entry(entry_id)
            assert entry is not None
            return views.faq_answer(event, t, entry)
        case SessionTarget(session_id):
            session = event.session(session_id)
            assert session is not None
            following = None if followed is None else session.id in followed
            return views.session_detail(event, t, session, following=following)
        case DayTarget(day):
            return views.day(event, t, day)
        case MomentTarget(Moment.NOW):
            return views.now_next(event, t, now)
        case MomentTarget(Moment.NEXT):
            return views.next_only(event, t, now)
        case VenueTarget(topic):
            return _venue(event, topic, t)
        case RoomTarget(room_id):
            return views.room_answer(event, t, room_id)
        case MeetingDates():
            return views.event_dates(event, t)
        case SmallTalk(Courtesy.GREETING):
            return views.greeting(t)
        case SmallTalk(Courtesy.THANKS):
            return views.thanks(t)
        case SmallTalk(Courtesy.GOODBYE):
            return views.goodbye(t)
        case NoQuestion():
            return views.no_question(t)
        case Fallback(suggestions):
            return views.fallback(event, t, _options(event, suggestions, t))
        case _:
            assert_never(target)


def _venue(event: Event, topic: VenueTopic, t: Translator) -> Reply:
    if topic == VenueTopic.WIFI:
        text = views.venue_wifi(event, t)
        return Reply(text) if text else views.no_wifi(event, t)
    if topic == VenueTopic.DIRECTIONS:
        parts = [views.venue_directions(event, t), views.venue_address(event, t)]
        return Reply("\n\n".join(p for p in parts if p), location=views.venue_location(event))
    return Reply(views.venue_address(event, t), location=views.venue_location(event))


def _options(event: Event, options: Sequence[Topic], t: Translator) -> list[Button]:
    """The topics as buttons, their labels shortened together so that none reads like another."""
    buttons = [_option(event, option, t) for option in options]
    labels = views.short_labels([button.label for button in buttons])
    return [Button(label, button.data) for label, button in zip(labels, buttons, strict=True)]


def _option(event: Event, option: Topic, t: Translator) -> Button:
    """A topic as a button that opens its screen: a session shows its day and time, because the
    same title often runs on several days. Its label is whole: ``_options`` shortens it."""
    match option:
        case FaqTarget(entry_id):
            entry = event.faq_entry(entry_id)
            assert entry is not None
            return Button(
                views.faq_label(entry, t, event.default_language), callbacks.faq(entry_id)
            )
        case SessionTarget(session_id):
            session = event.session(session_id)
            assert session is not None
            label = f"{t.short_day(t.local_day(session.start))} {t.time(session.start)} "
            return Button(label + session.title.get(t.language), callbacks.session(session_id))
        case MeetingDates():
            return Button(t.gettext("📅 Programme"), callbacks.PROGRAMME)
        case VenueTarget() | RoomTarget():
            return Button(t.gettext("📍 Venue"), callbacks.VENUE)
        case _:
            assert_never(option)
