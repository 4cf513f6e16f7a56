"""Questions handed to a human: "Ask the organisers", their reply, and the FAQ drafted from it.

1. The fallback ("I don't know") carries 🙋 Ask the organisers. Pressing it in a private chat
   starts a short conversation: the bot offers the question it could not answer, or takes the
   delegate's next text; /cancel leaves.
2. The question goes to ORGANISERS_CHAT_ID, or to each organiser privately when there is no
   such chat (or it cannot be reached), with the delegate's name and language.
3. An organiser replies to it in Telegram; the bot delivers the reply to the delegate, in the
   delegate's language, and confirms in the organisers' chat. In a group anyone can reply:
   only organisers' replies are delivered.
4. ➕ Make it an FAQ (organisers only) appends the exchange to the pending FAQ list, which
   /faqexport sends as YAML ready to paste into the event file.

These handlers must not swallow what is not theirs: the conversation only holds a delegate who
pressed the button, and ``reply_handler`` runs in a group of its own before every other
handler, so a reply to a bot message that is no hand-off goes on to the conversations and the
question handler as if it did not exist; one that is stops there (``ApplicationHandlerStop``).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.config import Settings
from bot.handoffs import store as handoffs
from bot.handoffs.store import QUESTION_LIMIT, FaqOutcome, Handoff, HandoffStore
from bot.i18n import Translator
from bot.ui import callbacks
from bot.ui.split import split_message
from bot.ui.views import Reply
from handlers.common import NEW_MESSAGES, button, command, edit, keyboard, last_unanswered, send
from handlers.context import BotContext
from handlers.desk.organisers import is_organiser, organisers_only
from handlers.expired import expired

log = logging.getLogger(__name__)

ASKING = 1
OFFER_KEY = "handoff_offer"
EXPORT_FILENAME = "faq-pending.yaml"


# ---- the delegate asks -----------------------------------------------------------------------


async def ask_button(update: Update, context: BotContext) -> int:
    """🙋 Ask the organisers: only in a private chat, where the answer can be delivered."""
    query = update.callback_query
    assert query is not None
    svc = context.svc
    t = context.t
    message = query.message
    if message is None or message.chat.type != ChatType.PRIVATE:
        await query.answer(handoffs.ask_in_private(t), show_alert=True)
        return ConversationHandler.END
    if not svc.settings.organiser_ids:  # only they may answer, even in the organisers' chat
        await query.answer(handoffs.nobody_to_ask(t), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    limit = await svc.handoffs.limit_reached(query.from_user.id)
    if limit is not None:
        await send(update, handoffs.too_many(svc.event, t, *limit))
        return ConversationHandler.END
    assert context.user_data is not None  # a press always has a user
    offered = last_unanswered(context, before=message.message_id)
    if offered and len(offered) > QUESTION_LIMIT:
        offered = None
    context.user_data[OFFER_KEY] = offered
    await send(update, handoffs.ask_prompt(t, offered))
    return ASKING


async def question_text(update: Update, context: BotContext) -> int:
    """The delegate's next text is the question (too long: they are asked to shorten it)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    t = context.t
    text = message.text.strip()
    if len(text) > QUESTION_LIMIT:
        await send(update, handoffs.question_too_long(t))
        return ASKING
    _pop_offer(context)
    await send(update, await _hand_off(update, context, t, text))
    return ConversationHandler.END


async def send_offered(update: Update, context: BotContext) -> int:
    """📨 Send it: the question offered in the prompt goes as it is."""
    query = update.callback_query
    assert query is not None
    t = context.t
    offered = _pop_offer(context)
    if offered is None:
        await expired(update, context)
        return ConversationHandler.END
    await query.answer()
    await edit(query, await _hand_off(update, context, t, offered), answered=True)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel or the Cancel button: nothing is sent and nothing is stored."""
    _pop_offer(context)
    t = context.t
    if update.callback_query:
        await edit(update.callback_query, handoffs.cancelled(t))
    else:
        await send(update, handoffs.cancelled(t))
    return ConversationHandler.END


def _pop_offer(context: BotContext) -> str | None:
    return context.user_data.pop(OFFER_KEY, None) if context.user_data is not None else None


async def _hand_off(update: Update, context: BotContext, t: Translator, question: str) -> Reply:
    """Post the question to the organisers; what to tell the delegate about it."""
    user = update.effective_user
    assert user is not None
    name = user.first_name  # shown to the organisers, never stored
    svc = context.svc
    store = svc.handoffs
    limit = await store.limit_reached(user.id)  # again: several prompts may have been open
    if limit is not None:
        return handoffs.too_many(svc.event, t, *limit)
    chat = svc.settings.organisers_chat_id
    posted = 0
    if chat is not None:
        group_t = svc.translator(svc.event.default_language)
        posted += await _post(context, store, chat, group_t, user.id, t.language, question, name)
    if not posted:
        if chat is not None:
            log.error("organisers' chat %s unreachable: asking the organisers privately", chat)
        for organiser in sorted(svc.settings.organiser_ids):
            organiser_t = svc.translator(await svc.language_for(organiser, None))
            posted += await _post(
                context, store, organiser, organiser_t, user.id, t.language, question, name
            )
    if not posted:
        log.error("a question for the organisers reached nobody")
        return handoffs.unreachable(svc.event, t)
    return handoffs.sent(t)


async def _post(
    context: BotContext,
    store: HandoffStore,
    chat_id: int,
    t: Translator,
    user_id: int,
    language: str,
    question: str,
    name: str,
) -> int:
    """One posting of the question; 1 if it arrived, else 0 (logged, nothing kept)."""
    handoff = await store.create(user_id, language, question)
    reply = handoffs.organiser_post(t, handoff, name)
    try:
        message = await context.bot.send_message(chat_id, reply.text, reply_markup=keyboard(reply))
    except TelegramError as exc:
        log.warning("hand-off %d could not be posted to chat %s: %s", handoff.id, chat_id, exc)
        await store.drop(handoff.id)
        return 0
    await store.posted(handoff.id, chat_id, message.message_id)
    return 1


# ---- an organiser answers --------------------------------------------------------------------


class RepliesToTheBot(filters.MessageFilter):
    """A reply to one of this bot's messages (a hand-off or not: the store decides)."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        if replied is None or replied.from_user is None:
            return False
        try:
            return replied.from_user.id == message.get_bot().id
        except RuntimeError:  # a message built without a bot: not from Telegram
            return False


async def organiser_reply(update: Update, context: BotContext) -> None:
    """A reply to a hand-off is the answer; any other reply to the bot is a question."""
    message = update.effective_message
    assert message is not None and message.reply_to_message is not None
    svc = context.svc
    store = svc.handoffs
    handoff = await store.find(message.chat.id, message.reply_to_message.message_id)
    user = update.effective_user
    if handoff is None:
        if not _carries_faq_button(message.reply_to_message):
            return  # not ours: the handlers of the next groups take it
        if await is_organiser(update, context):
            await message.reply_text(handoffs.withdrawn(context.t))
        raise ApplicationHandlerStop
    if not await is_organiser(update, context):
        log.warning(
            "reply to hand-off %d by non-organiser %s ignored", handoff.id, user and user.id
        )
        raise ApplicationHandlerStop
    answer = (message.text or "").strip()
    answered = await store.answered(handoff.id, answer) or handoff
    t = context.t
    name = await _deliver(context, answered, answer)
    if name is None:
        await message.reply_text(handoffs.undeliverable(t), do_quote=True)
        raise ApplicationHandlerStop
    log.info("hand-off %d answered by organiser %s", handoff.id, user and user.id)
    await message.reply_text(handoffs.delivered(t, name), do_quote=True)
    raise ApplicationHandlerStop


def _carries_faq_button(message: Message) -> bool:
    """A hand-off message whose row is gone (the delegate used /forget), when Telegram shows
    the replied message's buttons; without them the reply is simply not a hand-off."""
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup else ()
    return any(
        isinstance(b.callback_data, str) and callbacks.HANDOFF_FAQ_PATTERN.match(b.callback_data)
        for row in rows
        for b in row
    )


async def _deliver(context: BotContext, handoff: Handoff, answer: str) -> str | None:
    """Send the answer to the delegate in their language; their first name, or None if it
    could not be delivered (a delegate who blocked the bot is marked, as fan-outs do)."""
    svc = context.svc
    t = svc.translator(await svc.language_for(handoff.user_id, handoff.language))
    sent: Message | None = None
    try:
        for chunk in split_message(handoffs.delivery(t, handoff, answer)):
            # Plain text: the organiser's words go out exactly as typed, '<' and '&' included.
            sent = await context.bot.send_message(handoff.user_id, chunk, parse_mode=None)
    except Forbidden:
        log.warning("hand-off %d: the delegate blocked the bot", handoff.id)
        await svc.storage.mark_blocked(handoff.user_id)
        return None
    except TelegramError as exc:
        log.warning("hand-off %d: answer not delivered: %s", handoff.id, exc)
        return None
    return (sent.chat.first_name if sent else None) or ""


# ---- the FAQ drafted from answers ------------------------------------------------------------


@organisers_only("make it an FAQ")
async def faq_button(update: Update, context: BotContext) -> None:
    """➕ Make it an FAQ on an answered question, from the organisers' chat."""
    query = update.callback_query
    assert query is not None and context.matches
    t = context.t
    store = context.svc.handoffs
    handoff = await store.get(int(context.matches[0].group(1)))
    if handoff is None:
        await query.answer(handoffs.withdrawn(t), show_alert=True)
    elif handoff.answer is None:
        await query.answer(handoffs.faq_needs_answer(t), show_alert=True)
    else:
        outcome, count = await store.add_faq(handoff)
        log.info("hand-off %d %s in the pending FAQ list (%d)", handoff.id, outcome, count)
        notices = {
            FaqOutcome.ADDED: handoffs.faq_added(t, count),
            FaqOutcome.UPDATED: handoffs.faq_updated(t, count),
            FaqOutcome.UNCHANGED: handoffs.faq_already(t),
        }
        await query.answer(notices[outcome])


@organisers_only("faqexport")
async def faq_export(update: Update, context: BotContext) -> None:
    """/faqexport: the pending FAQ entries as a YAML file, ready for the event file."""
    svc = context.svc
    t = context.t
    message = update.effective_message
    assert message is not None
    entries = await svc.handoffs.pending_faq()
    if not entries:
        await message.reply_text(handoffs.faq_none(t))
        return
    document = handoffs.faq_yaml(
        entries, {entry.id for entry in svc.event.faq}, handoffs.faq_export_header(t)
    )
    await message.reply_document(
        document.encode(),
        filename=EXPORT_FILENAME,
        caption=handoffs.faq_export_caption(t, len(entries)),
    )


async def timed_out(update: object, context: BotContext) -> None:
    """Nobody wrote a question in time: the next text, maybe hours later and about something
    else, must not be posted to the organisers, and the delegate should know why."""
    _pop_offer(context)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    t = context.t
    reply = handoffs.timed_out(t)
    try:
        await context.bot.send_message(
            update.effective_chat.id, reply.text, reply_markup=keyboard(reply)
        )
    except TelegramError as exc:
        log.warning("hand-off timeout not shown: %s", exc)


def handlers(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """Registered before the free-text handler; see the module docstring for why that is safe.

    ``settings.handoff_idle`` seconds without a question end the conversation (``timed_out``)."""
    private_text = NEW_MESSAGES & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
    with warnings.catch_warnings():
        # PTB warns that a CallbackQueryHandler is tracked per chat and user, not per message:
        # that is what we want (one question at a time per delegate).
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[button(callbacks.ASK, ask_button)],
            states={
                ASKING: [
                    MessageHandler(private_text, question_text),
                    button(callbacks.ASK_SEND, send_offered),
                    button(callbacks.ASK_CANCEL, cancel),
                ],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[command("cancel", cancel)],
            allow_reentry=True,
            conversation_timeout=settings.handoff_idle,
            name="handoff",
        )
    return [
        conversation,
        button(callbacks.HANDOFF_FAQ_PATTERN, faq_button),
        command("faqexport", faq_export),
    ]


REPLIES_GROUP = -1  # before every other handler: see the module docstring


def reply_handler() -> MessageHandler[Any, Any]:
    """An organiser's reply to a hand-off post; registered in ``REPLIES_GROUP``."""
    return MessageHandler(
        NEW_MESSAGES & filters.REPLY & filters.TEXT & ~filters.COMMAND & RepliesToTheBot(),
        organiser_reply,
    )
