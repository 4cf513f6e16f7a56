"""The /broadcast conversation, where an organiser writes an announcement.

``/broadcast`` is a ``ConversationHandler`` (PTB's examples/conversationbot.py) whose states are
the draft's steps (``Step``): audience, text (one for all or one per language), an optional
photo or document, sound, an optional send time, then a preview sent exactly as delegates will
get it, with Send / Edit / Cancel; the pickers of a language, a day and a session and the edit
menu are states of their own (``Picker``). ``/cancel`` leaves at any step. Every step is a
``draft_step``: it checks the user id against ORGANISER_IDS (``handlers/desk/organisers.py``; a
client can send any command and forge any callback data) and loads the draft, or ends the
conversation if the draft is lost (the bot restarted in between).

Send stores the row and hands it over to ``handlers/desk/announcement_delivery.py`` (sent at
once, or armed for its time); /broadcasts and /news are ``handlers/desk/news.py``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import warnings
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    BaseHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.announcements import model, planning, screens
from bot.announcements.model import Audience, Draft, Media, Step
from bot.announcements.send_time import SendTimeError, parse_send_time
from bot.config import Settings
from bot.fanout.sender import BadContent
from bot.ui import views
from handlers.common import NEW_MESSAGES, button, command, edit, matched, matched_day, send
from handlers.context import BotContext
from handlers.desk.announcement_delivery import arm_one, launch
from handlers.desk.organisers import organisers_only
from handlers.expired import expired

log = logging.getLogger(__name__)

DRAFT_KEY = "announcement_draft"
# A reply to a delegate's question handed to the organisers never gets here: the hand-off
# handler, in an earlier group, takes it and stops. Any other reply (to this draft's prompt,
# with Telegram's Reply) is the organiser's input like plain text.
TEXT = NEW_MESSAGES & filters.TEXT & ~filters.COMMAND
ATTACHMENT = NEW_MESSAGES & (filters.PHOTO | filters.Document.ALL)

END = ConversationHandler.END


class Picker(StrEnum):
    """The conversation's states between two steps: choosing within the audience, editing."""

    LANGUAGE = "language"
    DAY = "day"
    SESSION = "session"
    EDIT = "edit"


# What a step returns: the next state, END, or None to stay where the conversation is.
State = Step | Picker | int | None
DraftStep = Callable[[Update, BotContext, Draft], Awaitable[State]]
StepHandler = Callable[[Update, BotContext], Awaitable[State]]
Handlers = list[BaseHandler[Any, Any, Any]]


def _draft(context: BotContext) -> Draft | None:
    draft = context.user_data.get(DRAFT_KEY) if context.user_data is not None else None
    return draft if isinstance(draft, Draft) else None


def _drop_draft(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)


def draft_step(action: str) -> Callable[[DraftStep], StepHandler]:
    """An organiser's step on their draft: refused to anyone else (``action`` names it in the
    log); without a draft (the bot restarted in between) the press is stale and the
    conversation ends."""

    def wrap(callback: DraftStep) -> StepHandler:
        @organisers_only(action)
        @functools.wraps(callback)
        async def step(update: Update, context: BotContext) -> State:
            draft = _draft(context)
            if draft is None:
                await expired(update, context)
                return END
            return await callback(update, context, draft)

        return step

    return wrap


# ---- the conversation ---------------------------------------------------------------------


@organisers_only("announcement")
async def start(update: Update, context: BotContext) -> State:
    t = context.t
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        await send(update, views.Reply(screens.private_only(t)))
        return END
    if context.user_data is not None:
        opened_by = update.effective_message.message_id if update.effective_message else None
        context.user_data[DRAFT_KEY] = Draft(opened_by=opened_by)
    await send(update, screens.ask_audience(t))
    return Step.AUDIENCE


async def _advance(update: Update, context: BotContext, draft: Draft) -> State:
    """Ask for the first part still missing (or show the preview): one place decides the order,
    so Edit only has to clear a part."""
    svc = context.svc
    t = context.t
    step = draft.next_step(svc.event)
    query = update.callback_query
    if step is Step.PREVIEW:
        if query:
            await query.answer()
            with contextlib.suppress(BadRequest):
                await query.edit_message_reply_markup(None)
        return await _preview(update, context, draft)
    reply = {
        Step.AUDIENCE: lambda: screens.ask_audience(t),
        Step.TEXT_MODE: lambda: screens.ask_text_mode(t),
        Step.TEXT: lambda: screens.ask_text(svc.event, t, draft),
        Step.MEDIA: lambda: screens.ask_media(t),
        Step.SOUND: lambda: screens.ask_sound(t),
        Step.WHEN: lambda: screens.ask_when(svc.event, t),
    }[step]()
    if query:
        await edit(query, reply)
    else:
        await send(update, reply)
    return step


@draft_step("announcement: audience")
async def audience_button(update: Update, context: BotContext, draft: Draft) -> State:
    query = update.callback_query
    assert query
    svc = context.svc
    t = context.t
    kind = matched(context)
    if kind == "all":
        draft.audience = model.EVERYONE
        return await _advance(update, context, draft)
    if kind == "lang":
        await edit(query, screens.ask_language(svc.event, t))
        return Picker.LANGUAGE
    await edit(query, screens.ask_day(svc.event, t))
    return Picker.DAY


@draft_step("announcement: language")
async def language_button(update: Update, context: BotContext, draft: Draft) -> State:
    language = matched(context)
    if language not in context.svc.event.languages:
        await expired(update, context)
        return None
    draft.audience = Audience("lang", language)
    return await _advance(update, context, draft)


@draft_step("announcement: day")
async def day_button(update: Update, context: BotContext, draft: Draft) -> State:
    svc = context.svc
    day = matched_day(context)
    if day is None:
        await expired(update, context)
        return None
    assert update.callback_query
    t = context.t
    await edit(update.callback_query, screens.ask_session(svc.event, t, day))
    return Picker.SESSION


@draft_step("announcement: session")
async def session_button(update: Update, context: BotContext, draft: Draft) -> State:
    session = context.svc.event.session(matched(context))
    if session is None:
        await expired(update, context)
        return None
    draft.audience = Audience("ses", session.id)
    return await _advance(update, context, draft)


@draft_step("announcement: text mode")
async def text_mode_button(update: Update, context: BotContext, draft: Draft) -> State:
    draft.start_texts(context.svc.event, matched(context))
    return await _advance(update, context, draft)


@draft_step("announcement: text")
async def text_message(update: Update, context: BotContext, draft: Draft) -> State:
    """A text version, taken as plain text (``message.text``, never its HTML) and measured
    as it will be sent, header included, against the message or caption limit."""
    if not draft.asking:  # a text no step asks for: this draft is not where it should be
        await expired(update, context)
        return END
    svc = context.svc
    t = context.t
    message = update.effective_message
    text = (message.text or "").strip() if message else ""
    if not text:
        await send(update, views.Reply(screens.empty_text(t)))
        return Step.TEXT
    length = model.longest(svc.event, text)
    if length > draft.limit:
        await send(update, views.Reply(screens.text_too_long(t, length, draft.limit)))
        return Step.TEXT
    draft.take_text(text)
    return await _advance(update, context, draft)


@draft_step("announcement: skip a language")
async def skip_button(update: Update, context: BotContext, draft: Draft) -> State:
    if not draft.asking or draft.asking[0] == context.svc.event.default_language:
        await expired(update, context)  # the default text is everyone's fallback
        return None
    draft.skip_text()
    return await _advance(update, context, draft)


@draft_step("announcement: attachment")
async def media_message(update: Update, context: BotContext, draft: Draft) -> State:
    """A photo or a document: its file_id is reused for every recipient (uploaded once).

    The text becomes its caption; versions too long for a caption are asked for again, the
    attachment is kept.
    """
    message = update.effective_message
    assert message is not None
    if message.photo:
        draft.media = Media(model.PHOTO, message.photo[-1].file_id)
    elif message.document:
        draft.media = Media(model.DOCUMENT, message.document.file_id)
    else:
        return Step.MEDIA
    draft.media_done = True
    svc = context.svc
    long_ones = model.too_long(svc.event, draft.texts, model.CAPTION_LIMIT)
    if long_ones:
        t = context.t
        await send(update, views.Reply(screens.captions_too_long(svc.event, t, long_ones)))
        for language in long_ones:
            del draft.texts[language]
        draft.asking = [lang for lang in svc.event.languages if lang in long_ones]
        draft.texts_done = False
    return await _advance(update, context, draft)


@draft_step("announcement: no attachment")
async def no_media_button(update: Update, context: BotContext, draft: Draft) -> State:
    draft.media, draft.media_done = None, True
    return await _advance(update, context, draft)


@organisers_only("announcement: text instead of an attachment")
async def media_hint(update: Update, context: BotContext) -> State:
    """Text where an attachment is expected: say what is wanted."""
    t = context.t
    await send(update, screens.ask_media(t))
    return Step.MEDIA


@draft_step("announcement: sound")
async def sound_button(update: Update, context: BotContext, draft: Draft) -> State:
    draft.silent = matched(context) == "off"
    return await _advance(update, context, draft)


@draft_step("announcement: send now")
async def now_button(update: Update, context: BotContext, draft: Draft) -> State:
    draft.send_at, draft.when_done = None, True
    return await _advance(update, context, draft)


@draft_step("announcement: send time")
async def when_text(update: Update, context: BotContext, draft: Draft) -> State:
    svc = context.svc
    t = context.t
    message = update.effective_message
    try:
        moment = parse_send_time(
            message.text or "" if message else "", svc.clock(), svc.event.timezone
        )
    except SendTimeError as exc:
        if exc.past and exc.moment is not None:
            text = screens.past_time(t, exc.moment)
        elif exc.far and exc.moment is not None:
            text = screens.far_time(t, exc.moment)
        else:
            text = screens.bad_time(t)
        await send(update, views.Reply(text))
        return Step.WHEN
    draft.send_at, draft.when_done = moment, True
    return await _advance(update, context, draft)


async def _preview(update: Update, context: BotContext, draft: Draft) -> State:
    """Send the real message(s) to the organiser through the fan-out transport, then the summary.

    The transport is the one delegates' copies go through, so what the organiser sees is what
    they will see (caption, silence, escaping); a refusal by Telegram shows up here, not later.
    Each copy takes an interactive turn in the bot's one send budget, like any reply.
    """
    svc = context.svc
    t = context.t
    chat = update.effective_chat
    assert chat is not None and svc.sender is not None and draft.audience is not None
    languages = screens.preview_languages(svc.event, draft, t.language)
    try:
        for language in languages:
            payload = model.payload(
                svc.event, svc.translator(language), draft.texts, draft.media,
                silent=bool(draft.silent),
            )  # fmt: skip
            await svc.sender.send_interactive(chat.id, payload)
    except BadContent as exc:
        await send(update, views.Reply(screens.preview_refused(t, exc.reason)))
        await send(update, screens.edit_menu(t))
        return Picker.EDIT
    count = len(
        await planning.recipients(
            svc.storage, svc.announcements, svc.follows, svc.event, draft.audience
        )
    )
    draft.renew()
    await send(update, screens.summary(svc.event, t, draft, count))
    return Step.PREVIEW


@draft_step("announcement: send")
async def send_button(update: Update, context: BotContext, draft: Draft) -> State:
    """Send (or schedule) the draft whose preview carries this button, once."""
    query = update.callback_query
    assert query
    if matched(context) != draft.nonce:
        await expired(update, context)  # an older preview's button
        return None
    svc = context.svc
    t = context.t
    if draft.send_at is not None and draft.send_at <= svc.clock():  # it passed meanwhile
        await query.answer()
        await send(update, views.Reply(screens.past_time(t, draft.send_at)))
        draft.clear("when")
        await send(update, screens.ask_when(svc.event, t))
        return Step.WHEN
    chat = update.effective_chat
    organiser = query.from_user.id
    announcement = await svc.announcements.create(
        organiser,
        draft,
        now=svc.clock(),
        progress_chat=chat.id if chat else organiser,
        organiser_language=t.language,
    )
    _drop_draft(context)
    await query.answer()
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(None)  # no second press
    log.info(
        "announcement #%d by organiser %s to %s (%s)",
        announcement.id, organiser, announcement.audience.encode(), announcement.status,
    )  # fmt: skip
    if announcement.status == model.SCHEDULED:
        arm_one(context.application, announcement)
        await send(update, views.Reply(screens.scheduled(t, announcement)))
    else:
        await launch(context.application, announcement, t)
    return END


@draft_step("announcement: edit")
async def edit_button(update: Update, context: BotContext, draft: Draft) -> State:
    assert update.callback_query
    await edit(update.callback_query, screens.edit_menu(context.t))
    return Picker.EDIT


@draft_step("announcement: edit a part")
async def fix_button(update: Update, context: BotContext, draft: Draft) -> State:
    part = matched(context)
    if part != "back":
        draft.clear(part)
    return await _advance(update, context, draft)


@organisers_only("announcement: cancel")
async def cancel(update: Update, context: BotContext) -> State:
    """The draft in progress ends; a Cancel left on an earlier draft's prompt changes nothing
    (pressed thinking of that announcement, it would drop this one and say "nothing was sent")."""
    t = context.t
    query, draft = update.callback_query, _draft(context)
    pressed = query.message if query else None
    if pressed and draft and draft.opened_by and pressed.message_id < draft.opened_by:
        await query.answer(views.expired(t), show_alert=True)
        return None
    _drop_draft(context)
    if update.callback_query:
        await edit(update.callback_query, views.Reply(screens.cancelled(t)))
    else:
        await send(update, views.Reply(screens.cancelled(t)))
    return END


async def timed_out(update: object, context: BotContext) -> None:
    """A draft left alone too long ends, so later text is not read as its time or text."""
    _drop_draft(context)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    t = context.t
    try:
        await context.bot.send_message(update.effective_chat.id, screens.timed_out(t))
    except TelegramError as exc:
        log.warning("draft timeout not shown: %s", exc)


@organisers_only("announcement: attachment before the text")
async def text_first(update: Update, context: BotContext) -> None:
    """A photo or document before the text: the steps come in order, the attachment next."""
    t = context.t
    await send(update, views.Reply(screens.text_first(t)))


async def use_buttons(update: Update, context: BotContext) -> None:
    """Text at a step that wants a button: say so instead of answering it as a question."""
    t = context.t
    await send(update, views.Reply(t.gettext("Please use the buttons above, or /cancel.")))


def handlers(settings: Settings) -> Handlers:
    """The conversation, to register before the free-text handler (its steps take text before
    questions do) and before ``news.handlers`` (which catches desk buttons outside it). A draft
    idle for ``settings.draft_idle`` seconds ends (``timed_out``)."""
    steps: dict[object, Handlers] = {
        Step.AUDIENCE: [button(model.AUDIENCE_PATTERN, audience_button)],
        Picker.LANGUAGE: [button(model.LANGUAGE_PATTERN, language_button)],
        Picker.DAY: [button(model.DAY_PATTERN, day_button)],
        Picker.SESSION: [
            button(model.SESSION_PATTERN, session_button),
            button(model.AUDIENCE_PATTERN, audience_button),
        ],
        Step.TEXT_MODE: [button(model.TEXT_MODE_PATTERN, text_mode_button)],
        Step.TEXT: [
            MessageHandler(TEXT, text_message),
            button(model.SKIP_PATTERN, skip_button),
            MessageHandler(ATTACHMENT, text_first),
        ],
        Step.MEDIA: [
            MessageHandler(ATTACHMENT, media_message),
            button(model.NO_MEDIA_PATTERN, no_media_button),
            MessageHandler(TEXT, media_hint),
        ],
        Step.SOUND: [button(model.SOUND_PATTERN, sound_button)],
        Step.WHEN: [
            button(model.NOW_PATTERN, now_button),
            MessageHandler(TEXT, when_text),
        ],
        Step.PREVIEW: [
            button(model.SEND_PATTERN, send_button),
            button(model.EDIT_PATTERN, edit_button),
        ],
        Picker.EDIT: [button(model.FIX_PATTERN, fix_button)],
        ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
    }
    with warnings.catch_warnings():
        # The conversation is tracked per user and chat, on purpose: it mixes typed text and
        # buttons, which per-message tracking cannot; PTB warns about that choice.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[command("broadcast", start)],
            states=steps,
            fallbacks=[
                command("cancel", cancel),
                button(model.CANCEL_PATTERN, cancel),
                MessageHandler(TEXT, use_buttons),
            ],
            allow_reentry=True,
            conversation_timeout=settings.draft_idle,
            name="broadcast",
        )
    return [conversation]
