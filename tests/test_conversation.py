"""What a delegate sees in the chat, in all three languages, for every command and button."""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from bot.answers.engine import MAX_QUESTION_CHARS
from bot.i18n import Translator
from bot.programme.loader import load_event
from bot.ui import views
from tests.conftest import SANTO_DOMINGO, SHIPPED_EVENT, Harness, buttons

LANGUAGES = ["es", "en", "fr"]
WELCOME = {"es": "¡Le damos la bienvenida", "en": "Welcome", "fr": "Bienvenue"}


def tr(language: str) -> Translator:
    return Translator(language, SANTO_DOMINGO)


def labels(message: dict) -> list[str]:
    return [b["text"] for b in buttons(message)]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_start_greets_in_the_telegram_language_with_the_main_menu(
    harness: Harness, language: str
) -> None:
    delegate = harness.delegate(language)
    [reply] = await delegate.send("/start")
    t = tr(language)
    assert reply["text"].startswith(WELCOME[language])
    assert tr(language).text(harness.event.name) in reply["text"]
    expected = ["📅 Programme", "⏱ Now / Next", "📍 Venue", "ℹ️ About", "🌐 Language", "❓ Help"]
    assert labels(reply) == [t.gettext(label) for label in expected]
    assert await harness.services.storage.language(delegate.user_id) == language


async def test_start_in_an_unoffered_language_uses_the_event_default(harness: Harness) -> None:
    [reply] = await harness.delegate("de").send("/start")
    assert reply["text"].startswith(WELCOME["es"])


async def test_deep_link_payload_sets_the_language(harness: Harness) -> None:
    delegate = harness.delegate("es")
    [reply] = await delegate.send("/start fr")
    assert reply["text"].startswith(WELCOME["fr"])
    [reply] = await delegate.send("/help")
    assert tr("fr").gettext("Or just type your question.") in reply["text"]


async def test_language_choice_is_stored_and_used_everywhere(harness: Harness) -> None:
    delegate = harness.delegate("en")
    [picker] = await delegate.send("/language")
    assert labels(picker) == ["Español", "✅ English", "Français"]
    [done] = await delegate.press(picker, "Français")
    assert done["message_id"] == picker["message_id"], "the picker is edited in place"
    assert "français" in done["text"]
    [programme] = await delegate.send("/programme")
    assert "mercredi 6 novembre" in labels(programme)
    [venue_text] = [m for m in await delegate.send("/venue") if "text" in m]
    assert (
        tr("fr").gettext("🚪 <b>Rooms</b>").replace("<b>", "").replace("</b>", "")
        in venue_text["text"]
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_programme_navigation_edits_one_message(harness: Harness, language: str) -> None:
    delegate = harness.delegate(language)
    t = tr(language)
    [days] = await delegate.send("/programme")
    assert labels(days)[:3] == [t.day(d) for d in harness.event.days()]
    [day] = await delegate.press(days, t.day(harness.event.days()[0]))
    assert day["message_id"] == days["message_id"]
    opening = harness.event.session("opening")
    assert opening is not None
    assert f"09:00–10:00  {tr(language).text(opening.title)}" in day["text"]
    count = len(harness.event.sessions_on(harness.event.days()[0]))
    assert (
        t.ngettext("{count} session", "{count} sessions", count).format(count=count) in day["text"]
    )
    [detail] = await delegate.press(day, tr(language).text(opening.title)[:20])
    assert detail["message_id"] == days["message_id"]
    text = detail["text"]
    assert tr(language).text(opening.title) in text
    assert f"{t.day(opening.start.date())} · 09:00–10:00" in text
    assert opening.room is not None and tr(language).text(opening.room.name) in text
    assert (
        opening.room.directions is not None and tr(language).text(opening.room.directions) in text
    )
    for speaker in opening.speakers:
        assert speaker.name in text
        if speaker.affiliation:
            assert tr(language).text(speaker.affiliation) in text
    assert t.language_name("en") in text and t.language_name("fr") in text
    [back] = await delegate.press(detail, t.gettext("« Back"))
    assert back["text"] == day["text"]
    [back] = await delegate.press(back, t.gettext("« Back"))
    assert back["text"] == days["text"]
    assert len(delegate.screen()) == 1, "navigation never sends a new message"


@pytest.mark.parametrize(
    ("moment", "expected_now", "expected_next"),
    [
        ("2024-11-06T10:30", ["keynote-ecosystem"], ["coffee-day1-am"]),
        ("2024-11-06T09:00", ["opening"], ["keynote-ecosystem"]),
        ("2024-11-06T10:00", ["keynote-ecosystem"], ["coffee-day1-am"]),
        ("2024-11-06T14:30", ["ws-climate", "ws-heritage", "ws-peace"], ["coffee-day1-pm"]),
    ],
)
async def test_now_and_next_in_the_event_zone(
    harness: Harness, moment: str, expected_now: list[str], expected_next: list[str]
) -> None:
    harness.clock.now = datetime.fromisoformat(moment).replace(tzinfo=SANTO_DOMINGO)
    [reply] = await harness.delegate("en").send("/now")
    now_part, next_part = reply["text"].split("\nNext\n")
    for session_id in expected_now:
        assert harness.event.session(session_id).title.get("en") in now_part
    for session_id in expected_next:
        assert harness.event.session(session_id).title.get("en") in next_part
    assert now_part.count("–") == len(expected_now)


async def test_now_before_during_the_night_and_after_the_meeting(harness: Harness) -> None:
    delegate = harness.delegate("es")
    harness.clock.now = datetime(2024, 10, 1, 12, 0, tzinfo=SANTO_DOMINGO)
    [before] = await delegate.send("/now")
    assert "miércoles, 6 de noviembre" in before["text"] and "08:00" in before["text"]
    harness.clock.now = datetime(2024, 11, 6, 23, 30, tzinfo=SANTO_DOMINGO)
    [night] = await delegate.send("/now")
    t = tr("es")
    assert t.gettext("Nothing is on right now.") in night["text"]
    assert "jueves, 7 de noviembre" in night["text"]
    harness.clock.now = datetime(2024, 11, 9, 9, 0, tzinfo=SANTO_DOMINGO)
    [after] = await delegate.send("/now")
    assert after["text"] == t.gettext("The meeting is over. Thank you for taking part!")
    [after_next] = await delegate.send("/next")
    assert after_next["text"] == after["text"]


async def test_the_zone_of_the_clock_does_not_matter(harness: Harness) -> None:
    """09:30 in Santo Domingo is 13:30 UTC: the bot must read it as the opening session."""
    harness.clock.now = datetime.fromisoformat("2024-11-06T13:30+00:00")
    [reply] = await harness.delegate("en").send("/now")
    assert harness.event.session("opening").title.get("en") in reply["text"].split("Next")[0]


async def test_next_lists_what_starts_next(harness: Harness) -> None:
    harness.clock.now = datetime(2024, 11, 6, 13, 0, tzinfo=SANTO_DOMINGO)
    [reply] = await harness.delegate("en").send("/next")
    for session_id in ("ws-climate", "ws-peace", "ws-heritage"):
        assert harness.event.session(session_id).title.get("en") in reply["text"]
    assert "Wednesday 6 November" in reply["text"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_venue_sends_a_map_pin_then_the_details(harness: Harness, language: str) -> None:
    delegate = harness.delegate(language)
    pin, details = await delegate.send("/venue")
    venue = harness.event.venue
    assert pin["venue"]["location"]["latitude"] == pytest.approx(venue.latitude)
    assert pin["venue"]["title"] == tr(language).text(venue.name)
    text = details["text"]
    assert tr(language).text(venue.address) in text
    assert venue.directions is not None and tr(language).text(venue.directions)[:40] in text
    assert venue.wifi is not None and venue.wifi.password in text
    for room in venue.rooms:
        assert tr(language).text(room.name) in text


@pytest.mark.parametrize("language", LANGUAGES)
async def test_help_lists_every_command_one_line_each(harness: Harness, language: str) -> None:
    [reply] = await harness.delegate(language).send("/help")
    lines = reply["text"].splitlines()
    for command in (
        "start",
        "programme",
        "now",
        "next",
        "venue",
        "about",
        "language",
        "forget",
        "help",
    ):
        assert sum(line.startswith(f"/{command} ") for line in lines) == 1, command


async def test_main_menu_buttons_lead_to_each_screen(harness: Harness) -> None:
    delegate = harness.delegate("fr")
    [menu] = await delegate.send("/start")
    [programme] = await delegate.press(menu, "Programme")
    assert "mercredi 6 novembre" in labels(programme)
    [menu_again] = await delegate.press(programme, "Menu")
    [about] = await delegate.press(menu_again, "propos")
    first_faq = harness.event.faq[0]
    [answer] = await delegate.press(about, first_faq.questions["fr"][0][:20])
    assert answer["text"] == tr("fr").text(first_faq.answer)
    [about_again] = await delegate.press(answer, "Retour")
    [more] = await delegate.press(about_again, "Plus")
    assert "(2/" in more["text"]
    [menu_again] = await delegate.press(more, "Menu")
    [help_text] = await delegate.press(menu_again, "Aide")
    assert "/programme" in help_text["text"]
    [now] = await delegate.press(help_text, "suivre")
    assert "En ce moment" in now["text"]


async def test_venue_button_sends_the_pin_and_details(harness: Harness) -> None:
    delegate = harness.delegate("en")
    [menu] = await delegate.send("/start")
    new = await delegate.press(menu, "Venue")
    assert [("venue" in m) for m in new] == [True, False]


async def test_free_text_matching_an_faq_phrasing_gets_its_answer(harness: Harness) -> None:
    entry = harness.event.faq_entry("aspnet-founded")
    assert entry is not None
    delegate = harness.delegate("fr")
    phrasing = entry.questions["es"][0].upper().replace("¿", "").replace("?", " ?!")
    [reply] = await delegate.send(phrasing)
    assert reply["text"] == tr("es").text(entry.answer), "answered in the language it was asked in"


RAIN_ON_THE_MOON = {
    "en": "will it rain on the moon tomorrow?",
    "es": "¿va a llover en la luna mañana?",
    "fr": "va-t-il pleuvoir sur la lune demain ?",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_unknown_questions_get_an_honest_fallback_with_contacts(
    harness: Harness, language: str
) -> None:
    question = RAIN_ON_THE_MOON[language]
    [reply] = await harness.delegate(language).send(question)
    t = tr(language)
    assert reply["text"].startswith(
        t.gettext(
            "Sorry, I don't know the answer to that. Try the menu below, or ask the organisers."
        )
    )
    for contact in harness.event.contacts:
        assert t.text(contact.name) in reply["text"]
    assert labels(reply)[0] == t.gettext("📅 Programme")
    unanswered = await harness.services.storage.unanswered()
    assert [(q.text, q.language) for q in unanswered] == [(question, language)]


@pytest.mark.parametrize(
    ("language", "question", "entry_id"),
    [
        ("en", "do we get fed", "lunch"),
        ("es", "alguien vio un cuaderno?", "lost-found"),
        ("fr", "on nous nourrit ?", "lunch"),
    ],
)
async def test_an_unsure_fallback_offers_the_closest_topics_one_tap_from_the_answer(
    harness: Harness, language: str, question: str, entry_id: str
) -> None:
    """A paraphrase that shares too few words with the file is not answered with a guess; the
    topics it partly matches are offered as buttons, and one tap shows the answer."""
    t = tr(language)
    delegate = harness.delegate(language)
    [reply] = await delegate.send(question)
    assert reply["text"].startswith(
        t.gettext(
            "Sorry, I am not sure I understood. Is it one of these? If not, try the menu "
            "below, or ask the organisers."
        )
    )
    entry = harness.event.faq_entry(entry_id)
    assert entry is not None
    label = views.faq_label(entry, t, harness.event.default_language)
    offered = labels(reply)
    assert label in offered
    assert offered.index(label) < offered.index(t.gettext("📅 Programme")), "topics come first"
    assert t.gettext("🙋 Ask the organisers") in offered
    [answer] = await delegate.press(reply, label)
    assert answer["text"] == tr(language).text(entry.answer)
    unanswered = await harness.services.storage.unanswered()
    assert [q.text for q in unanswered] == [question], "still recorded for the organisers"


async def test_a_session_asked_about_offers_follow_or_unfollow_as_the_delegate_stands(
    harness: Harness,
) -> None:
    """The answer is rendered once, with the delegate's follows: not a detail without the
    button first and then another one."""
    delegate = harness.delegate("en")
    [answer] = await delegate.send("where is the climate workshop?")
    climate = harness.event.session("ws-climate")
    assert answer["text"].startswith(tr("en").text(climate.title))
    assert "⭐ Follow" in labels(answer)
    await delegate.press(answer, "Follow")
    [again] = await delegate.send("where is the climate workshop?")
    assert "☆ Unfollow" in labels(again)
    assert "⭐ Follow" not in labels(again)


async def test_groups_get_commands_but_not_chatter(harness: Harness) -> None:
    delegate = harness.delegate("en", chat_id=-5000, chat_type="group")
    assert await delegate.send("anyone for coffee?") == []
    [reply] = await delegate.send("/programme@meeting_test_bot")
    assert "Wednesday 6 November" in labels(reply)
    text = "@meeting_test_bot who won the football match yesterday?"
    entities = [{"type": "mention", "offset": 0, "length": len("@meeting_test_bot")}]
    [answer] = await delegate.send(text, entities=entities)
    assert answer["text"].startswith("Sorry, I don't know")
    [again] = await delegate.send("and the wifi password?", reply_to=answer)
    assert again["text"].startswith("📶 Wifi"), "a reply to the bot is a question to the bot"


async def test_an_emoji_before_the_mention_in_a_group_keeps_the_question_whole(
    harness: Harness,
) -> None:
    delegate = harness.delegate("en", chat_id=-5000, chat_type="group")
    greeting = "👋👋 "  # Telegram's offsets count UTF-16 units: each of these is two
    text = f"{greeting}@meeting_test_bot wifi?"
    offset = len(greeting.encode("utf-16-le")) // 2
    mention = {"type": "mention", "offset": offset, "length": len("@meeting_test_bot")}
    [answer] = await delegate.send(text, entities=[mention])
    assert answer["text"].startswith("📶 Wifi")


async def test_a_button_forged_on_the_map_pin_still_gets_its_screen(harness: Harness) -> None:
    """The pin has no text to edit: the screen comes as a new message, and after "yes, delete"
    the delegate is told their data is gone, not that something went wrong."""
    delegate = harness.delegate("en")
    await delegate.send("/start")
    pin, details = await delegate.send("/venue")
    [menu] = await delegate.press_data(pin, "menu")
    [edited] = await delegate.press_data(details, "menu")
    assert menu["message_id"] != pin["message_id"] and menu["text"] == edited["text"]
    [done] = await delegate.press_data(pin, "forget:yes")
    assert "/start" in done["text"] and "wrong" not in done["text"]
    assert await harness.services.storage.language(delegate.user_id) is None


async def test_forged_and_stale_buttons_change_nothing(harness: Harness) -> None:
    delegate = harness.delegate("es")
    [menu] = await delegate.send("/start")
    for data in (
        "ses:no-such-session",
        "day:2031-01-01",
        "day:2024-13-45",
        "lang:de",
        "faq:nope",
        "xyz",
        "ses:" + "a" * 40,
        "forget:maybe",
    ):
        assert await delegate.forge(menu, data) == []
        answer = harness.api.calls_to("answerCallbackQuery")[-1].params
        assert answer["text"] == tr("es").gettext(
            "This button has expired. Please use the menu again."
        )
        assert answer["show_alert"] is True
    assert await harness.services.storage.language(delegate.user_id) == "es"
    assert delegate.screen() == [menu]


async def test_forget_deletes_the_delegates_data_after_confirmation(harness: Harness) -> None:
    delegate = harness.delegate("en")
    other = harness.delegate("en")
    await delegate.send("/start fr")
    await other.send("/start es")
    [confirm] = await delegate.send("/forget")
    [kept] = await delegate.press(confirm, "Non")
    assert await harness.services.storage.language(delegate.user_id) == "fr"
    assert kept["message_id"] == confirm["message_id"]
    [confirm] = await delegate.send("/forget")
    [done] = await delegate.press(confirm, "Oui")
    assert "/start" in done["text"]
    assert await harness.services.storage.language(delegate.user_id) is None
    assert await harness.services.storage.language(other.user_id) == "es"
    [reply] = await delegate.send("/help")
    assert "Every command" in reply["text"], "back to the Telegram language"


async def test_edited_messages_are_ignored_on_purpose(harness: Harness) -> None:
    delegate = harness.delegate("en")
    await delegate.send("hello there")
    count = len(delegate.screen())
    assert await delegate.send("/start", edited=True) == []
    assert len(delegate.screen()) == count


async def test_odd_input_gets_a_sane_reply(harness: Harness) -> None:
    delegate = harness.delegate("es")
    question = "¿" + "dónde está la sala? " * 200
    [long_reply] = await delegate.send(question)
    [first_part] = await delegate.send(question[:MAX_QUESTION_CHARS])
    assert long_reply["text"] == first_part["text"], "read up to its first 280 characters"
    [emoji] = await delegate.send("🙂🙂🙂")
    assert emoji["text"] == tr("es").gettext(
        "Type a question, for example “where is lunch?”, or use the menu."
    )
    [russian] = await delegate.send("Где обед?")  # a question, in a script the engine cannot read
    assert russian["text"].startswith(
        tr("es").gettext(
            "Sorry, I don't know the answer to that. Try the menu below, or ask the organisers."
        )
    )
    assert any("🙋" in label for label in labels(russian)), "the organisers can still be asked"
    unanswered = await harness.services.storage.unanswered()
    assert [q.text for q in unanswered] == ["Где обед?"], "and they will see it"
    sticker = harness.api.message_update(delegate.user_id, "x", language_code="es")
    sticker["message"].pop("text")
    sticker["message"]["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    [reply] = await harness.feed(sticker, delegate.chat)
    assert reply["text"] == tr("es").gettext(
        "I can only read text messages. Type your question or use the menu."
    )


@pytest.mark.parametrize("event_fixture", ["shipped_event", "other_event"])
async def test_every_screen_of_every_event_is_accepted_by_telegram(
    make_harness, request: pytest.FixtureRequest, event_fixture: str
) -> None:
    """Walk every day, session and FAQ screen: the server rejects data over 64 bytes, text over
    4,096 characters and broken HTML, so any such screen would show up as a failed call."""
    h: Harness = await make_harness(request.getfixturevalue(event_fixture))
    delegate = h.delegate("fr")
    [days] = await delegate.send("/programme")
    for day_label in labels(days)[:-1]:
        [day] = await delegate.press(days, day_label)
        session_data = [
            b["callback_data"] for b in buttons(day) if b["callback_data"].startswith("ses:")
        ]
        assert len(session_data) == len(
            h.event.sessions_on(h.event.days()[labels(days).index(day_label)])
        )
        for data in session_data:
            [detail] = await delegate.press_data(day, data)
            [day] = await delegate.press(detail, "Retour")
        [days] = await delegate.press(day, "Retour")
    [about] = await delegate.send("/about")
    seen = 0
    while True:
        for data in [
            b["callback_data"] for b in buttons(about) if b["callback_data"].startswith("faq:")
        ]:
            [answer] = await delegate.press_data(about, data)
            seen += 1
            [about] = await delegate.press(answer, "Retour")
        if not any("Plus" in label for label in labels(about)):
            break
        [about] = await delegate.press(about, "Plus")
    assert seen == len(h.event.faq)
    await delegate.send("/venue")
    await delegate.send("/now")
    failed = [(c.method, c.response) for c in h.api.calls if not c.ok]
    assert not failed


async def test_a_reply_longer_than_telegram_allows_is_split_at_lines(
    make_harness, tmp_path
) -> None:
    """An organiser's very long event description still reaches the delegate, in pieces."""
    data = yaml.safe_load(SHIPPED_EVENT.read_text(encoding="utf-8"))
    lines = [f"Línea {i}: " + "texto largo de la descripción " * 6 for i in range(60)]
    data["event"]["description"] = "\n".join(lines)
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    h = await make_harness(load_event(path))
    replies = await h.delegate("es").send("/about")
    assert len(replies) >= 2
    assert all(len(r["text"]) <= 4096 for r in replies)
    assert "reply_markup" in replies[-1] and "reply_markup" not in replies[0]
    joined = "\n".join(r["text"] for r in replies)
    assert all(line.strip() in joined for line in lines), "nothing lost at the cuts"
