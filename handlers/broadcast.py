"""The organisers' desk for announcements: /broadcast, /broadcasts, and /news for delegates.

``/broadcast`` is a ``ConversationHandler`` (PTB's examples/conversationbot.py): audience, text
(one for all or one per language), an optional photo or document, sound, an optional send
time, then a preview sent exactly as delegates will get it, with Send / Edit / Cancel.
``/cancel`` leaves at any step. Every step checks the user id against ORGANISER_IDS
(``handlers/organisers.py``): a client can send any command and forge any callback data.

Sending never blocks the bot: Send stores the row, plans one outbox job ``bc:<id>`` and
delivers it in a background task through the shared sender, editing one progress message in
the organiser's chat every few seconds and ending with a report. The row keeps where that
message is, so a restarted bot (``resume``, called from ``post_init``) reattaches to it.
Scheduled announcements are JobQueue jobs re-armed from SQLite at start-up, with delays from
the bot's clock so a rehearsal (``--rehearse``) fires them at the rehearsed time.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import date, timedelta
from typing import Any

from telegram import Bot, CallbackQuery, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import broadcasts as bc
from bot import views
from bot.broadcasts import Audience, Broadcast, BroadcastStore, Draft, Media, SendTimeError, Step
from bot.delivery import deliver
from bot.i18n import Translator
from bot.sender import BadContent, Payload
from bot.services import Services
from bot.split import split_message
from handlers.common import SERVICES_KEY, edit, send, services, translator
from handlers.organisers import is_organiser, refuse

log = logging.getLogger(__name__)

JOB_PREFIX = bc.JOB_PREFIX  # outbox jobs "bc:<id>", resumed here rather than generically
DRAFT_KEY = "broadcast_draft"
PROGRESS_EVERY = 3.0  # seconds between edits of the progress message
NEW_MESSAGES = filters.UpdateType.MESSAGE
# A Telegram reply is an answer to something (a delegate's question handed to the organisers),
# never the announcement being drafted: it goes on to the hand-off handlers.
TEXT = NEW_MESSAGES & filters.TEXT & ~filters.COMMAND & ~filters.REPLY
ATTACHMENT = NEW_MESSAGES & (filters.PHOTO | filters.Document.ALL)

# Conversation states: one per step of the draft, plus the pickers and the edit menu.
AUDIENCE, LANGUAGE, DAY, SESSION, TEXT_MODE, TEXT_STEP, MEDIA, SOUND, WHEN, PREVIEW, EDIT = range(
    11
)
STATE_OF_STEP = {
    Step.AUDIENCE: AUDIENCE,
    Step.TEXT_MODE: TEXT_MODE,
    Step.TEXT: TEXT_STEP,
    Step.MEDIA: MEDIA,
    Step.SOUND: SOUND,
    Step.WHEN: WHEN,
    Step.PREVIEW: PREVIEW,
}
END = ConversationHandler.END

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, int | None]]
Handlers = list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]


def store(svc: Services) -> BroadcastStore:
    return BroadcastStore(svc.storage.connection)


def organisers_only(action: str) -> Callable[[Callback], Callback]:
    """Refuse (and log) anyone not in ORGANISER_IDS before the handler changes anything."""

    def wrap(callback: Callback) -> Callback:
        @functools.wraps(callback)
        async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
            if not await is_organiser(update, context):
                await refuse(update, context, action)
                return END
            return await callback(update, context)

        return guarded

    return wrap


def _draft(context: ContextTypes.DEFAULT_TYPE) -> Draft | None:
    draft = context.user_data.get(DRAFT_KEY) if context.user_data is not None else None
    return draft if isinstance(draft, Draft) else None


def _drop_draft(context: ContextTypes.DEFAULT_TYPE) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)


async def _lost(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A step without a draft (the bot restarted in between): the conversation ends."""
    await _stale(update, context)
    return END


async def _stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of an older screen, or a value no button offers: nothing changes, the
    conversation stays where it is (returning None keeps the state)."""
    t = await translator(update, context)
    if update.callback_query:
        await update.callback_query.answer(views.expired(t), show_alert=True)


def _match(context: ContextTypes.DEFAULT_TYPE) -> str:
    assert context.matches
    return context.matches[0].group(1)


# ---- the conversation ---------------------------------------------------------------------


@organisers_only("broadcast")
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    t = await translator(update, context)
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        await send(update, views.Reply(bc.private_only(t)))
        return END
    if context.user_data is not None:
        context.user_data[DRAFT_KEY] = Draft()
    await send(update, bc.ask_audience(t))
    return AUDIENCE


async def _advance(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft) -> int:
    """Ask for the first part still missing (or show the preview): one place decides the order,
    so Edit only has to clear a part."""
    svc = services(context)
    t = await translator(update, context)
    step = draft.next_step(svc.event)
    query = update.callback_query
    if step is Step.PREVIEW:
        if query:
            await query.answer()
            with contextlib.suppress(BadRequest):
                await query.edit_message_reply_markup(None)
        return await _preview(update, context, draft)
    reply = {
        Step.AUDIENCE: lambda: bc.ask_audience(t),
        Step.TEXT_MODE: lambda: bc.ask_text_mode(t),
        Step.TEXT: lambda: bc.ask_text(svc.event, t, draft),
        Step.MEDIA: lambda: bc.ask_media(t),
        Step.SOUND: lambda: bc.ask_sound(t),
        Step.WHEN: lambda: bc.ask_when(svc.event, t),
    }[step]()
    if query:
        await edit(query, reply)
    else:
        await send(update, reply)
    return STATE_OF_STEP[step]


@organisers_only("broadcast: audience")
async def audience_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    query = update.callback_query
    assert query
    svc = services(context)
    t = await translator(update, context)
    kind = _match(context)
    if kind == "all":
        draft.audience = bc.EVERYONE
        return await _advance(update, context, draft)
    if kind == "lang":
        await edit(query, bc.ask_language(svc.event, t))
        return LANGUAGE
    await edit(query, bc.ask_day(svc.event, t))
    return DAY


@organisers_only("broadcast: language")
async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    language = _match(context)
    if language not in services(context).event.languages:
        await _stale(update, context)
        return None
    draft.audience = Audience("lang", language)
    return await _advance(update, context, draft)


@organisers_only("broadcast: day")
async def day_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    svc = services(context)
    try:
        day = date.fromisoformat(_match(context))
    except ValueError:
        await _stale(update, context)
        return None
    if day not in svc.event.days():
        await _stale(update, context)
        return None
    assert update.callback_query
    t = await translator(update, context)
    await edit(update.callback_query, bc.ask_session(svc.event, t, day))
    return SESSION


@organisers_only("broadcast: session")
async def session_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    session = services(context).event.session(_match(context))
    if session is None:
        await _stale(update, context)
        return None
    draft.audience = Audience("ses", session.id)
    return await _advance(update, context, draft)


@organisers_only("broadcast: text mode")
async def text_mode_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    draft.start_texts(services(context).event, _match(context))
    return await _advance(update, context, draft)


@organisers_only("broadcast: text")
async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A text version, taken as plain text (``message.text``, never its HTML) and measured
    as it will be sent, header included, against the message or caption limit."""
    draft = _draft(context)
    if draft is None or not draft.asking:
        return await _lost(update, context)
    svc = services(context)
    t = await translator(update, context)
    message = update.effective_message
    text = (message.text or "").strip() if message else ""
    if not text:
        await send(update, views.Reply(bc.empty_text(t)))
        return TEXT_STEP
    length = bc.longest(svc.event, text)
    if length > draft.limit:
        await send(update, views.Reply(bc.text_too_long(t, length, draft.limit)))
        return TEXT_STEP
    draft.take_text(text)
    return await _advance(update, context, draft)


@organisers_only("broadcast: skip a language")
async def skip_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    if not draft.asking or draft.asking[0] == services(context).event.default_language:
        await _stale(update, context)  # the default text is everyone's fallback
        return None
    draft.skip_text()
    return await _advance(update, context, draft)


@organisers_only("broadcast: attachment")
async def media_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A photo or a document: its file_id is reused for every recipient (uploaded once).

    The text becomes its caption; versions too long for a caption are asked for again, the
    attachment is kept.
    """
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    message = update.effective_message
    assert message is not None
    if message.photo:
        draft.media = Media(bc.PHOTO, message.photo[-1].file_id)
    elif message.document:
        draft.media = Media(bc.DOCUMENT, message.document.file_id)
    else:
        return MEDIA
    draft.media_done = True
    svc = services(context)
    long_ones = bc.too_long(svc.event, draft.texts, bc.CAPTION_LIMIT)
    if long_ones:
        t = await translator(update, context)
        await send(update, views.Reply(bc.captions_too_long(svc.event, t, long_ones)))
        for language in long_ones:
            del draft.texts[language]
        draft.asking = [lang for lang in svc.event.languages if lang in long_ones]
        draft.texts_done = False
    return await _advance(update, context, draft)


@organisers_only("broadcast: no attachment")
async def no_media_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    draft.media, draft.media_done = None, True
    return await _advance(update, context, draft)


async def media_hint(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Text where an attachment is expected: say what is wanted (the state handler is guarded
    by the conversation, which only an organiser can be in)."""
    t = await translator(update, context)
    await send(update, bc.ask_media(t))
    return MEDIA


@organisers_only("broadcast: sound")
async def sound_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    draft.silent = _match(context) == "off"
    return await _advance(update, context, draft)


@organisers_only("broadcast: send now")
async def now_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    draft.send_at, draft.when_done = None, True
    return await _advance(update, context, draft)


@organisers_only("broadcast: send time")
async def when_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    svc = services(context)
    t = await translator(update, context)
    message = update.effective_message
    try:
        moment = bc.parse_send_time(
            message.text or "" if message else "", svc.clock(), svc.event.timezone
        )
    except SendTimeError as exc:
        if exc.past and exc.moment is not None:
            text = bc.past_time(t, exc.moment)
        else:
            text = bc.bad_time(t)
        await send(update, views.Reply(text))
        return WHEN
    draft.send_at, draft.when_done = moment, True
    return await _advance(update, context, draft)


async def _preview(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft) -> int:
    """Send the real message(s) to the organiser through the fan-out transport, then the summary.

    The transport is the one delegates' copies go through, so what the organiser sees is what
    they will see (caption, silence, escaping); a refusal by Telegram shows up here, not later.
    """
    svc = services(context)
    t = await translator(update, context)
    chat = update.effective_chat
    assert chat is not None and svc.sender is not None and draft.audience is not None
    languages = bc.preview_languages(svc.event, draft, t.language)
    try:
        for language in languages:
            payload = bc.payload(
                svc.event, svc.translator(language), draft.texts, draft.media,
                silent=bool(draft.silent),
            )  # fmt: skip
            await svc.sender.transport.send(chat.id, payload)
    except BadContent as exc:
        await send(update, views.Reply(bc.preview_refused(t, exc.reason)))
        await send(update, bc.edit_menu(t))
        return EDIT
    blocked = await svc.storage.blocked_users()
    count = len(await store(svc).recipients(draft.audience, svc.event, svc.follows, blocked))
    draft.renew()
    await send(update, bc.summary(svc.event, t, draft, count))
    return PREVIEW


@organisers_only("broadcast: send")
async def send_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """Send (or schedule) the draft whose preview carries this button, once."""
    draft = _draft(context)
    query = update.callback_query
    assert query
    if draft is None:
        return await _lost(update, context)
    if _match(context) != draft.nonce:
        await _stale(update, context)  # an older preview's button
        return None
    svc = services(context)
    t = await translator(update, context)
    if draft.send_at is not None and draft.send_at <= svc.clock():  # it passed meanwhile
        await query.answer()
        await send(update, views.Reply(bc.past_time(t, draft.send_at)))
        draft.clear("when")
        await send(update, bc.ask_when(svc.event, t))
        return WHEN
    chat = update.effective_chat
    organiser = query.from_user.id
    broadcast = await store(svc).create(
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
        broadcast.id, organiser, broadcast.audience.encode(), broadcast.status,
    )  # fmt: skip
    if broadcast.status == bc.SCHEDULED:
        arm_one(context.application, broadcast)
        await send(update, views.Reply(bc.scheduled(t, broadcast)))
    else:
        await launch(context.application, broadcast, t)
    return END


@organisers_only("broadcast: edit")
async def edit_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    if _draft(context) is None:
        return await _lost(update, context)
    assert update.callback_query
    await edit(update.callback_query, bc.edit_menu(await translator(update, context)))
    return EDIT


@organisers_only("broadcast: edit a part")
async def fix_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    draft = _draft(context)
    if draft is None:
        return await _lost(update, context)
    part = _match(context)
    if part != "back":
        draft.clear(part)
    return await _advance(update, context, draft)


@organisers_only("broadcast: cancel")
async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    _drop_draft(context)
    t = await translator(update, context)
    if update.callback_query:
        await edit(update.callback_query, views.Reply(bc.cancelled(t)))
    else:
        await send(update, views.Reply(bc.cancelled(t)))
    return END


async def text_first(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document before the text: the steps come in order, the attachment next."""
    t = await translator(update, context)
    await send(update, views.Reply(bc.text_first(t)))


async def use_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text at a step that wants a button: say so instead of answering it as a question."""
    t = await translator(update, context)
    await send(update, views.Reply(t.gettext("Please use the buttons above, or /cancel.")))


# ---- delivery -----------------------------------------------------------------------------


async def _organiser_translator(svc: Services, broadcast: Broadcast) -> Translator:
    """The language the organiser wrote in (stored with the row), else their stored choice."""
    if broadcast.organiser_language:
        return svc.translator(broadcast.organiser_language)
    return svc.translator(await svc.language_for(broadcast.organiser_id, None))


async def plan(svc: Services, broadcast: Broadcast) -> int:
    """The outbox job: one row per recipient with their language's payload; idempotent.

    Recipients are chosen now (not when the draft was written), so the latest followers and
    language choices count; blocked delegates are left out.
    """
    blocked = await svc.storage.blocked_users()
    recipients = await store(svc).recipients(broadcast.audience, svc.event, svc.follows, blocked)
    payloads: dict[str, Payload] = {}
    rows = []
    for user_id, language in recipients:
        if language not in payloads:
            payloads[language] = bc.payload(
                svc.event, svc.translator(language), broadcast.texts, broadcast.media,
                silent=broadcast.silent,
            )  # fmt: skip
        rows.append((user_id, payloads[language]))
    added = await svc.outbox.create_job(broadcast.job, bc.KIND, rows)
    log.info("announcement #%d planned for %d delegates", broadcast.id, len(rows))
    return added


async def launch(
    application: Application, broadcast: Broadcast, t: Translator | None = None
) -> asyncio.Task[None]:
    """Plan and deliver in the background: a fan-out of minutes must never block anyone."""
    svc: Services = application.bot_data[SERVICES_KEY]
    await plan(svc, broadcast)
    return svc.track(_run(application, broadcast.id, t), name=broadcast.job)


class _Progress:
    """The organiser's live progress message: one message, edited, never awaited by delivery.

    ``update`` only records the latest counts and starts an edit if none is running, so a slow
    or flood-limited edit never holds up the sends.
    """

    def __init__(
        self, bot: Bot, broadcasts: BroadcastStore, broadcast: Broadcast, t: Translator
    ) -> None:
        self.bot, self.broadcasts, self.t = bot, broadcasts, t
        self.id = broadcast.id
        self.chat = broadcast.progress_chat or broadcast.organiser_id
        self.message = broadcast.progress_message
        self.latest: dict[str, int] | None = None
        self.task: asyncio.Task[None] | None = None

    async def attach(self, counts: dict[str, int]) -> None:
        """Show the counts in the stored message (a restart), or post a new one."""
        await self._show(counts)

    async def update(self, counts: dict[str, int]) -> None:
        self.latest = counts
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._drain(), name=f"progress {self.id}")

    async def _drain(self) -> None:
        while self.latest is not None:
            counts, self.latest = self.latest, None
            await self._show(counts)

    async def settle(self) -> None:
        if self.task is not None:
            await self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    async def _show(self, counts: dict[str, int]) -> None:
        text = bc.progress(self.t, self.id, counts)
        if self.message is not None:
            try:
                await self.bot.edit_message_text(text, self.chat, self.message)
                return
            except BadRequest as exc:
                reason = str(exc).lower()
                if "not modified" in reason:
                    return
                if "not found" not in reason and "can't be edited" not in reason:
                    log.warning("progress of announcement #%d not shown: %s", self.id, exc)
                    return
            except TelegramError as exc:
                log.warning("progress of announcement #%d not shown: %s", self.id, exc)
                return
        try:
            sent = await self.bot.send_message(self.chat, text)
        except TelegramError as exc:
            log.warning("progress of announcement #%d not shown: %s", self.id, exc)
            return
        self.message = sent.message_id
        await self.broadcasts.set_progress(self.id, self.chat, sent.message_id)

    async def report(self, counts: dict[str, int], stopped_reason: str | None) -> None:
        text = bc.final_report(self.t, self.id, counts, stopped_reason)
        try:
            for chunk in split_message(text):
                await self.bot.send_message(self.chat, chunk)
        except TelegramError as exc:
            log.warning("report of announcement #%d not sent: %s", self.id, exc)


async def _run(application: Application, broadcast_id: int, t: Translator | None) -> None:
    svc: Services = application.bot_data[SERVICES_KEY]
    broadcasts = store(svc)
    broadcast = await broadcasts.get(broadcast_id)
    assert broadcast is not None and svc.sender is not None
    t = t or await _organiser_translator(svc, broadcast)
    progress = _Progress(application.bot, broadcasts, broadcast, t)
    await progress.attach(await svc.outbox.counts(broadcast.job))

    async def blocked(chat_id: int) -> None:
        await svc.storage.mark_blocked(chat_id)

    try:
        report = await deliver(
            svc.outbox, broadcast.job, svc.sender,
            on_blocked=blocked, on_progress=progress.update, progress_every=PROGRESS_EVERY,
        )  # fmt: skip
    except BaseException:  # a graceful stop (cancel): the next start resumes from the outbox
        progress.cancel()
        raise
    await progress.settle()
    status = bc.STOPPED if report.stopped_reason else bc.SENT_STATUS
    await broadcasts.finish(broadcast.id, status)  # before the report: never reported twice
    log.info("announcement #%d %s: %s", broadcast.id, status, report.counts)
    await progress.report(report.counts, report.stopped_reason)


async def resume(application: Application) -> int:
    """At start-up, after ``outbox.recover()``: finish announcements a stop or a kill
    interrupted (progress and report go to the stored message and chat), and re-arm the
    scheduled ones. Returns how many deliveries were resumed."""
    svc: Services = application.bot_data[SERVICES_KEY]
    broadcasts = store(svc)
    ids = {b.id for b in await broadcasts.with_status(bc.SENDING_STATUS)}
    for job in await svc.outbox.unfinished_jobs():
        broadcast_id = bc.id_of(job)
        if broadcast_id is not None:
            ids.add(broadcast_id)
    resumed = 0
    for broadcast_id in sorted(ids):
        broadcast = await broadcasts.get(broadcast_id)
        if broadcast is None:  # an outbox job without its row: deliver it plainly
            svc.start_delivery(bc.job_of(broadcast_id))
            continue
        if await svc.outbox.get_job(broadcast.job) is None:  # killed while planning
            await plan(svc, broadcast)
        svc.track(_run(application, broadcast.id, None), name=broadcast.job)
        resumed += 1
    if resumed:
        log.warning("%d announcements interrupted by the last stop are resumed", resumed)
    await arm(application)
    return resumed


def arm_one(application: Application, broadcast: Broadcast) -> None:
    """One JobQueue job per scheduled announcement, named and identified by its outbox job,
    so arming it again replaces it; the delay comes from the bot's clock (rehearsals)."""
    svc: Services = application.bot_data[SERVICES_KEY]
    assert application.job_queue is not None and broadcast.send_at is not None
    delay = max(0.0, (broadcast.send_at - svc.clock()).total_seconds())
    application.job_queue.run_once(
        _fire,
        when=timedelta(seconds=delay),
        data=broadcast.id,
        name=broadcast.job,
        job_kwargs={"id": broadcast.job, "replace_existing": True, "misfire_grace_time": None},
    )


async def arm(application: Application) -> int:
    """Re-arm every scheduled announcement (at start-up: jobs live in memory only).

    One whose time passed while the bot was down goes out at once: the organiser asked for it
    to be sent, and the report tells them when it actually went.
    """
    svc: Services = application.bot_data[SERVICES_KEY]
    scheduled = await store(svc).with_status(bc.SCHEDULED)
    for broadcast in scheduled:
        arm_one(application, broadcast)
    return len(scheduled)


async def _fire(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    assert context.job is not None
    broadcast_id = context.job.data
    assert isinstance(broadcast_id, int)
    broadcasts = store(svc)
    if not await broadcasts.start_sending(broadcast_id, svc.clock()):
        return  # cancelled, or already on its way
    broadcast = await broadcasts.get(broadcast_id)
    assert broadcast is not None
    await launch(context.application, broadcast)


# ---- outside the conversation -------------------------------------------------------------


@organisers_only("broadcasts")
async def list_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, await _listing(update, context))


async def _listing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> views.Reply:
    svc = services(context)
    t = await translator(update, context)
    items = [(b, await svc.outbox.counts(b.job)) for b in await store(svc).recent()]
    return bc.listing(svc.event, t, items)


@organisers_only("broadcast: cancel a scheduled one")
async def drop_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query
    svc = services(context)
    broadcast_id = int(_match(context))
    done = await store(svc).cancel_scheduled(broadcast_id)
    if done and context.application.job_queue is not None:
        for job in context.application.job_queue.get_jobs_by_name(bc.job_of(broadcast_id)):
            job.schedule_removal()
        log.info("scheduled announcement #%d cancelled by %s", broadcast_id, query.from_user.id)
    t = await translator(update, context)
    await query.answer(bc.dropped(t, broadcast_id, done), show_alert=True)
    await _refresh(query, await _listing(update, context))


async def _refresh(query: CallbackQuery, reply: views.Reply) -> None:
    if isinstance(query.message, Message):
        await edit(query, reply, answered=True)


@organisers_only("broadcast: stray button")
async def stray_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A desk button outside its step (an old message): nothing happens, and the organiser is
    told; anyone else was already refused by the guard."""
    query = update.callback_query
    assert query
    await query.answer(views.expired(await translator(update, context)), show_alert=True)


async def news_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/news: the latest announcements meant for this delegate, in their language."""
    svc = services(context)
    user = update.effective_user
    if user is None:
        return
    t = await translator(update, context)
    followed = await svc.follows.followed(user.id)
    items = await store(svc).news(t.language, followed)
    await send(update, bc.news(svc.event, t, items))


def handlers() -> Handlers:
    """The conversation first (its steps take text before questions do), then the guards that
    catch desk buttons outside a conversation, then the listing and /news."""
    steps: dict[object, Handlers] = {
        AUDIENCE: [CallbackQueryHandler(audience_button, pattern=bc.AUDIENCE_PATTERN)],
        LANGUAGE: [CallbackQueryHandler(language_button, pattern=bc.LANGUAGE_PATTERN)],
        DAY: [CallbackQueryHandler(day_button, pattern=bc.DAY_PATTERN)],
        SESSION: [
            CallbackQueryHandler(session_button, pattern=bc.SESSION_PATTERN),
            CallbackQueryHandler(audience_button, pattern=bc.AUDIENCE_PATTERN),
        ],
        TEXT_MODE: [CallbackQueryHandler(text_mode_button, pattern=bc.TEXT_MODE_PATTERN)],
        TEXT_STEP: [
            MessageHandler(TEXT, text_message),
            CallbackQueryHandler(skip_button, pattern=bc.SKIP_PATTERN),
            MessageHandler(ATTACHMENT, text_first),
        ],
        MEDIA: [
            MessageHandler(ATTACHMENT, media_message),
            CallbackQueryHandler(no_media_button, pattern=bc.NO_MEDIA_PATTERN),
            MessageHandler(TEXT, media_hint),
        ],
        SOUND: [CallbackQueryHandler(sound_button, pattern=bc.SOUND_PATTERN)],
        WHEN: [
            CallbackQueryHandler(now_button, pattern=bc.NOW_PATTERN),
            MessageHandler(TEXT, when_text),
        ],
        PREVIEW: [
            CallbackQueryHandler(send_button, pattern=bc.SEND_PATTERN),
            CallbackQueryHandler(edit_button, pattern=bc.EDIT_PATTERN),
        ],
        EDIT: [CallbackQueryHandler(fix_button, pattern=bc.FIX_PATTERN)],
    }
    with warnings.catch_warnings():
        # The conversation is tracked per user and chat, on purpose: it mixes typed text and
        # buttons, which per-message tracking cannot; PTB warns about that choice.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CommandHandler("broadcast", start, filters=NEW_MESSAGES)],
            states=steps,
            fallbacks=[
                CommandHandler("cancel", cancel, filters=NEW_MESSAGES),
                CallbackQueryHandler(cancel, pattern=bc.CANCEL_PATTERN),
                MessageHandler(TEXT, use_buttons),
            ],
            allow_reentry=True,
            name="broadcast",
        )
    return [
        conversation,
        CallbackQueryHandler(drop_button, pattern=bc.DROP_PATTERN),
        CallbackQueryHandler(stray_button, pattern=bc.ANY_PATTERN),
        CommandHandler("broadcasts", list_command, filters=NEW_MESSAGES),
        CommandHandler("news", news_command, filters=NEW_MESSAGES),
    ]
