"""Questions handed to the organisers: asked after a fallback, answered by a reply, delivered,
and turned into FAQ entries that load into the event file."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from textwrap import indent

import pytest
import yaml

import main
from bot.answers.engine import Answerer
from bot.event import Event
from bot.handoffs.store import HandoffStore, PendingFaq, faq_yaml, slug
from bot.i18n import Translator
from bot.programme.loader import SLUG, parse_event
from bot.storage import Storage
from bot.ui.views import esc
from tests.botapi import UploadedFile
from tests.conftest import (
    JSON,
    SANTO_DOMINGO,
    SHIPPED_EVENT,
    Delegate,
    Harness,
    StartHarness,
    buttons,
)

ORGANISER = 9
OTHER_ORGANISER = 10
GROUP = -5000
QUESTION = "¿Y mi perro?"  # too short to tell its language: the delegate's setting holds
ANSWER = "Sí, si es pequeño y va con correa. Escriban antes a <secretariat@example.org> & co."
REFUSED = "Sorry, this is for the organisers only."


def tr(language: str) -> Translator:
    return Translator(language, SANTO_DOMINGO)


def store(h: Harness) -> HandoffStore:
    return HandoffStore(h.services.storage.connection)


def callback_answer(h: Harness) -> JSON:
    return h.api.calls_to("answerCallbackQuery")[-1].params


async def organisers_group(make_harness: StartHarness, event: Event) -> tuple[Harness, Delegate]:
    """The bot with an organisers' group (the bot is a member) and one organiser in it."""
    h = await make_harness(event, organisers=frozenset({ORGANISER}), organisers_chat=GROUP)
    h.api.known_chats.add(GROUP)
    organiser = h.delegate("en", chat_id=GROUP, chat_type="group")
    organiser.user_id = ORGANISER
    return h, organiser


async def ask_out_of_scope(delegate: Delegate, **kwargs: object) -> JSON:
    """The delegate asks what the bot cannot answer, and presses 🙋 Ask the organisers."""
    t = tr(delegate.language_code)
    [fallback] = await delegate.send(QUESTION, **kwargs)
    assert fallback["text"].startswith(
        t.gettext(
            "Sorry, I don't know the answer to that. Try the menu below, or ask the organisers."
        )
    )
    [prompt] = await delegate.press(fallback, t.gettext("🙋 Ask the organisers"))
    assert prompt["message_id"] != fallback["message_id"], "the fallback stays in the chat"
    return prompt


async def test_round_trip_through_the_organisers_group(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser = await organisers_group(make_harness, shipped_event)
    delegate = h.delegate("es")
    t = tr("es")
    prompt = await ask_out_of_scope(delegate)
    assert QUESTION in prompt["text"], "the question the bot could not answer is offered"
    [sent] = await delegate.press(prompt, t.gettext("📨 Send it"))
    assert sent["text"] == t.gettext(
        "✅ Sent to the organisers. Their answer will come here, in this chat."
    )
    [post] = h.api.messages(GROUP)
    group_t = tr(shipped_event.default_language)
    assert "Ana" in post["text"]
    assert group_t.language_name("es") in post["text"]
    assert QUESTION in post["text"]
    expected = group_t.gettext(
        "❓ Question from <b>{name}</b> ({language}):\n{question}\n\n"
        "<i>Reply to this message to answer.</i>"
    ).format(name="Ana", language=group_t.language_name("es"), question=QUESTION)
    assert post["text"] == expected.replace("<b>", "").replace("</b>", "").replace(
        "<i>", ""
    ).replace("</i>", ""), "in the organisers' group, in the event's default language"
    assert [b["callback_data"] for b in buttons(post)] == ["hfaq:1"]

    [confirmation] = await organiser.send(ANSWER, reply_to=post)
    assert confirmation["text"] == "✅ Sent to Ana."
    delivered = delegate.screen()[-1]
    assert delivered["text"] == t.gettext(
        "💬 Answer from the organisers:\n{answer}\n\n(Your question: {question})"
    ).format(answer=ANSWER, question=QUESTION)
    [handoff] = await store(h).of_user(delegate.user_id)
    assert (handoff.language, handoff.question, handoff.answer) == ("es", QUESTION, ANSWER)


async def test_round_trip_with_each_organiser_privately(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    """No ORGANISERS_CHAT_ID: every organiser who has a chat with the bot gets the question,
    in their own language; an organiser the bot cannot reach is skipped."""
    h = await make_harness(shipped_event, organisers=frozenset({ORGANISER, OTHER_ORGANISER}))
    organiser = h.delegate("fr")
    organiser.user_id = ORGANISER
    await organiser.send("/start")
    delegate = h.delegate("es")
    name = "Lucía <Q&A>"
    prompt = await ask_out_of_scope(delegate, first_name=name)
    typed = "¿Hay un veterinario cerca del hotel?"
    [sent] = await delegate.send(typed, first_name=name)
    assert sent["text"] == tr("es").gettext(
        "✅ Sent to the organisers. Their answer will come here, in this chat."
    )
    assert prompt["text"] != sent["text"]
    post = organiser.screen()[-1]
    assert name in post["text"], "the name is escaped, not dropped"
    assert "espagnol" in post["text"], "the language is named in the organiser's language"
    assert typed in post["text"] and QUESTION not in post["text"]
    assert h.api.messages(OTHER_ORGANISER) == []

    [confirmation] = await organiser.send("Sí, en la calle 5.", reply_to=post)
    assert confirmation["text"] == tr("fr").gettext("✅ Sent to {name}.").format(name=name)
    assert confirmation["reply_to_message"]["text"] == "Sí, en la calle 5."
    assert "Sí, en la calle 5." in delegate.screen()[-1]["text"]
    assert typed in delegate.screen()[-1]["text"]

    # The organiser's own chat still works as before: questions and replies to other messages.
    [wifi] = await organiser.send("wifi password?")
    assert wifi["text"].startswith("📶")
    [again] = await organiser.send("and the wifi?", reply_to=wifi)
    assert again["text"].startswith("📶")
    assert len(delegate.screen()) == 4, "nothing else reached the delegate"


async def test_only_organisers_answers_are_delivered(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser, delegate, post = await handed_over(make_harness, shipped_event, "es")
    before = delegate.screen()
    intruder = h.delegate("es", chat_id=GROUP, chat_type="group")
    assert await intruder.send("¡Claro que sí, trae tres perros!", reply_to=post) == []
    assert delegate.screen() == before
    [handoff] = await store(h).of_user(delegate.user_id)
    assert handoff.answer is None
    assert await organiser.press(post, "FAQ") == []
    assert callback_answer(h)["text"] == tr("en").gettext(
        "Answer the question first (reply to it), then make it an FAQ."
    )
    assert await store(h).pending_faq() == []


async def test_forged_faq_press_and_export_by_a_delegate_are_refused(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser, delegate, post = await handed_over(make_harness, shipped_event, "en")
    await organiser.send("Yes.", reply_to=post)
    screen = delegate.screen()
    assert await delegate.forge(screen[-1], "hfaq:1") == []
    assert callback_answer(h)["text"] == REFUSED
    assert callback_answer(h)["show_alert"] is True
    assert await store(h).pending_faq() == []
    [refused] = await delegate.send("/faqexport")
    assert refused["text"] == REFUSED
    assert h.api.calls_to("sendDocument") == []
    assert delegate.screen()[:-1] == screen, "nothing else changed"


async def test_make_it_an_faq_then_export_loads_into_the_event(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser, _, post = await handed_over(make_harness, shipped_event, "es")
    await organiser.send(ANSWER, reply_to=post)
    await organiser.press(post, "FAQ")
    assert callback_answer(h)["text"] == "Added to the pending FAQ list (1)."
    await organiser.press(post, "FAQ")
    assert callback_answer(h)["text"] == "This answer is already in the pending FAQ list."
    await organiser.send("Corrección: no.", reply_to=post)
    await organiser.press(post, "FAQ")
    assert callback_answer(h)["text"] == (
        "Updated with the latest answer in the pending FAQ list (1)."
    )
    [pending] = await store(h).pending_faq()
    assert pending.answer == "Corrección: no."
    await organiser.send(ANSWER, reply_to=post)
    await organiser.press(post, "FAQ")

    [document] = await organiser.send("/faqexport")
    assert document["document"]["file_name"] == "faq-pending.yaml"
    [call] = h.api.calls_to("sendDocument")
    upload = call.params["document"]
    assert isinstance(upload, UploadedFile)
    exported = upload.data.decode()
    [entry] = yaml.safe_load(exported)
    assert entry == {
        "id": "y-mi-perro",
        "questions": {"es": [QUESTION]},
        "answer": {"es": ANSWER},
    }

    # Pasted under `faq:` (the shipped file's last section), the file still loads, and the bot
    # now answers the question that once reached the organisers.
    source = SHIPPED_EVENT.read_text(encoding="utf-8")
    top_level = [line for line in source.splitlines() if line and line[0].isalpha()]
    assert top_level[-1] == "faq:"
    pasted = parse_event(source.rstrip("\n") + "\n" + indent(exported, "  "), "pasted.yaml")
    assert len(pasted.faq) == len(shipped_event.faq) + 1
    now = datetime(2024, 11, 6, 10, 30, tzinfo=SANTO_DOMINGO)
    answer = Answerer(pasted).answer(QUESTION, tr("es"), now)
    assert (answer.kind, answer.id) == ("faq", entry["id"])
    assert answer.reply.text == esc(ANSWER)


def test_export_ids_are_unique_slugs_and_multiline_answers_survive(shipped_event: Event) -> None:
    taken = {entry.id for entry in shipped_event.faq}
    assert "aspnet-what" in taken
    entries = [
        PendingFaq(1, "es", "ASPnet: what?", "Una red.\nDesde 1953."),
        PendingFaq(2, "fr", "Aspnet — what ?", "Un réseau."),
        PendingFaq(3, "en", "¿¿??", "Nothing to slug."),
        PendingFaq(4, "en", "word " * 30, "Long."),
    ]
    items = yaml.safe_load(faq_yaml(entries, taken, "two\nlines"))
    ids = [item["id"] for item in items]
    assert ids == ["aspnet-what-2", "aspnet-what-3", "question", ids[3]]
    assert all(SLUG.match(i) for i in ids) and len(ids[3]) <= 48
    assert items[0]["answer"] == {"es": "Una red.\nDesde 1953."}
    assert slug("Où est la salle Émeraude ?") == "ou-est-la-salle-emeraude"


async def test_cancel_in_the_middle_sends_nothing(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, _ = await organisers_group(make_harness, shipped_event)
    delegate = h.delegate("en")
    t = tr("en")
    await ask_out_of_scope(delegate)
    [cancelled] = await delegate.send("/cancel")
    assert cancelled["text"] == t.gettext("Cancelled: nothing was sent.")
    [answer] = await delegate.send("wifi password?")
    assert answer["text"].startswith("📶"), "after /cancel, text is a question to the bot again"
    prompt = await ask_out_of_scope(delegate)
    [edited] = await delegate.press(prompt, t.gettext("Cancel"))
    assert edited["message_id"] == prompt["message_id"]
    assert edited["text"] == t.gettext("Cancelled: nothing was sent.")
    assert h.api.messages(GROUP) == []
    assert await store(h).of_user(delegate.user_id) == []


async def test_forget_deletes_the_delegates_handoffs(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser, delegate, post = await handed_over(make_harness, shipped_event, "es")
    await organiser.send(ANSWER, reply_to=post)
    await organiser.press(post, "FAQ")
    other = h.delegate("en")
    await delegate_asks(other)
    [confirm] = await delegate.send("/forget")
    await delegate.press(confirm, tr("es").gettext("Yes, delete my data"))
    assert await store(h).of_user(delegate.user_id) == []
    assert len(await store(h).of_user(other.user_id)) == 1, "only the delegate's own"
    [pending] = await store(h).pending_faq()
    assert pending.question == QUESTION, "the organisers' FAQ draft stays, without a link"
    async with h.services.storage.connection.execute(
        "SELECT COUNT(*) FROM faq_pending WHERE handoff_id IS NOT NULL"
    ) as cursor:
        assert await cursor.fetchone() == (0,)
    before = delegate.screen()
    [gone] = await organiser.send("Otra respuesta.", reply_to=post)
    assert gone["text"] == tr("en").gettext(
        "This question is no longer available: the delegate deleted their data."
    )
    assert delegate.screen() == before


async def delegate_asks(delegate: Delegate) -> None:
    prompt = await ask_out_of_scope(delegate)
    await delegate.press(prompt, "📨")


async def handed_over(
    make_harness: StartHarness, event: Event, language: str
) -> tuple[Harness, Delegate, Delegate, JSON]:
    """An organisers' group, and a delegate whose question was sent there: (bot, organiser,
    delegate, the question's post in the group)."""
    h, organiser = await organisers_group(make_harness, event)
    delegate = h.delegate(language)
    await delegate_asks(delegate)
    [post] = h.api.messages(GROUP)
    return h, organiser, delegate, post


async def test_an_unreachable_organisers_chat_falls_back_to_each_organiser(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h = await make_harness(shipped_event, organisers=frozenset({ORGANISER}), organisers_chat=GROUP)
    organiser = h.delegate("en")
    organiser.user_id = ORGANISER
    await organiser.send("/start")
    delegate = h.delegate("es")
    await delegate_asks(delegate)
    assert h.api.messages(GROUP) == [], "the bot is not in that group"
    post = organiser.screen()[-1]
    assert QUESTION in post["text"]
    await organiser.send("Sí.", reply_to=post)
    assert "Sí." in delegate.screen()[-1]["text"]


async def test_a_delegate_who_blocked_the_bot_is_reported(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, organiser = await organisers_group(make_harness, shipped_event)
    delegate = h.delegate("es")
    await delegate.send("/start")
    await delegate_asks(delegate)
    [post] = h.api.messages(GROUP)
    h.api.block(delegate.user_id)
    [report] = await organiser.send("Sí.", reply_to=post)
    assert report["text"] == tr("en").gettext(
        "⚠️ The answer could not be delivered: the delegate has blocked the bot."
    )
    assert await h.services.storage.is_blocked(delegate.user_id)


async def test_asking_is_for_private_chats_and_long_questions_are_refused(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h, _ = await organisers_group(make_harness, shipped_event)
    member = h.delegate("en", chat_id=-6000, chat_type="group")
    text = "@meeting_test_bot can I bring my dog?"
    entities = [{"type": "mention", "offset": 0, "length": len("@meeting_test_bot")}]
    [fallback] = await member.send(text, entities=entities)
    assert await member.press(fallback, "Ask the organisers") == []
    assert callback_answer(h)["text"] == "Write to me in a private chat to ask the organisers."
    delegate = h.delegate("en")
    await ask_out_of_scope(delegate)
    [too_long] = await delegate.send("why " * 300)
    assert too_long["text"] == "Please keep your question under 1000 characters."
    await delegate.send("Can I bring my dog?")
    [post] = h.api.messages(GROUP)
    assert "Can I bring my dog?" in post["text"]


async def test_without_any_organiser_the_button_says_so(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    h = await make_harness(shipped_event)
    delegate = h.delegate("en")
    [fallback] = await delegate.send(QUESTION)
    assert await delegate.press(fallback, "Ask the organisers") == []
    assert callback_answer(h)["text"] == (
        "The organisers cannot be reached through me. Please use the contacts above."
    )
    [answer] = await delegate.send("wifi password?")
    assert answer["text"].startswith("📶"), "no conversation was started"


async def test_an_organisers_chat_without_organisers_takes_no_questions(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    """Only ORGANISER_IDS may answer: a question posted where nobody can would never come back."""
    h = await make_harness(shipped_event, organisers_chat=GROUP)
    h.api.known_chats.add(GROUP)
    delegate = h.delegate("en")
    [fallback] = await delegate.send(QUESTION)
    assert await delegate.press(fallback, "Ask the organisers") == []
    assert callback_answer(h)["text"] == (
        "The organisers cannot be reached through me. Please use the contacts above."
    )
    assert h.api.messages(GROUP) == []


async def test_faq_pending_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python main.py faq-pending` prints what /faqexport sends, for the organiser's terminal."""
    db = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.setenv("EVENT_FILE", str(SHIPPED_EVENT))
    assert await asyncio.to_thread(main.main, ["faq-pending"]) == 0
    assert "nothing pending" in capsys.readouterr().out
    storage = await Storage.open(db)
    try:
        handoffs = HandoffStore(storage.connection)
        handoff = await handoffs.create(1001, "en", "What is ASPnet?")
        answered = await handoffs.answered(handoff.id, "A network.")
        assert answered is not None and await handoffs.add_faq(answered) == ("added", 1)
    finally:
        await storage.close()
    assert await asyncio.to_thread(main.main, ["faq-pending"]) == 0
    [entry] = yaml.safe_load(capsys.readouterr().out)
    assert entry["id"] == "what-is-aspnet"
    assert entry["answer"] == {"en": "A network."}


async def test_the_question_a_fallback_answered_is_the_one_offered(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    """Pressing an older fallback offers the question *it* answered, not whatever came later;
    a fallback whose question is unknown (a restart forgets them) asks for a new one."""
    h, _ = await organisers_group(make_harness, shipped_event)
    delegate = h.delegate("en")
    t = tr("en")
    [fallback] = await delegate.send(QUESTION)
    await delegate.send("wifi password?")
    [second] = await delegate.send("Can I bring my dog?")
    [prompt] = await delegate.press(fallback, t.gettext("🙋 Ask the organisers"))
    assert QUESTION in prompt["text"] and "dog" not in prompt["text"]
    assert [b["callback_data"] for b in buttons(prompt)] == ["ask:send", "ask:cancel"]
    await delegate.press(prompt, t.gettext("Cancel"))
    h.app.user_data[delegate.user_id].clear()  # as after a restart: nothing remembered
    [prompt] = await delegate.press(second, t.gettext("🙋 Ask the organisers"))
    assert [b["callback_data"] for b in buttons(prompt)] == ["ask:cancel"]
    await delegate.send("Can I bring my cat?")
    [post] = h.api.messages(GROUP)
    assert "Can I bring my cat?" in post["text"]


async def test_an_organiser_drafting_an_announcement_can_still_answer_a_question(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    """Replying to a handed-off question while /broadcast waits for text answers the delegate;
    the draft is not fed with the reply."""
    h: Harness = await make_harness(shipped_event, organisers=frozenset({ORGANISER}))
    organiser = h.delegate("en")
    organiser.user_id = ORGANISER
    await organiser.send("/start")
    delegate = h.delegate("en")
    prompt = await ask_out_of_scope(delegate)
    await delegate.press(prompt, tr("en").gettext("📨 Send it"))
    question = h.api.last_message(ORGANISER)
    [audience] = await organiser.send("/broadcast")
    await organiser.press(audience, "Everyone")
    await organiser.send(ANSWER, reply_to=question)
    assert ANSWER in delegate.screen()[-1]["text"]


async def test_the_organisers_language_is_read_once_for_their_reply(
    make_harness: StartHarness, shipped_event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The context reads the sender's language before the handlers of every group run, and
    each reply of the update reuses it (the delegate's own language is read to answer them)."""
    h, organiser, delegate, post = await handed_over(make_harness, shipped_event, "es")
    reads: list[int] = []
    read = h.services.language_for

    async def counted(user_id: int, client_language: str | None) -> str:
        reads.append(user_id)
        return await read(user_id, client_language)

    monkeypatch.setattr(h.services, "language_for", counted)
    [confirmation] = await organiser.send(ANSWER, reply_to=post)
    assert confirmation["text"] == "✅ Sent to Ana."
    assert reads.count(ORGANISER) == 1, "one read for the whole update"
    assert reads.count(delegate.user_id) == 1, "the answer goes out in the delegate's language"
