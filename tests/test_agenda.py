"""Following sessions, /agenda and /reminders settings, as a delegate sees them."""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest

from bot.agenda.follows import ReminderSettings, after_press, clashes
from bot.agenda.screens import digest
from bot.event import Event, Text
from bot.i18n import for_event
from bot.ui.split import MAX_MESSAGE_LENGTH, utf16_length
from tests.conftest import Harness, StartHarness, buttons


def labels(message: dict) -> list[str]:
    return [b["text"] for b in buttons(message)]


async def open_session(delegate, session_title_fragment: str, day_label: str) -> dict:
    [days] = await delegate.send("/programme")
    [day] = await delegate.press(days, day_label)
    [detail] = await delegate.press(day, session_title_fragment)
    return detail


async def test_follow_and_unfollow_from_the_session_detail(harness: Harness) -> None:
    delegate = harness.delegate("en")
    opening = harness.event.session("opening")
    detail = await open_session(delegate, opening.title.get("en")[:15], "6 November")
    assert "⭐ Follow" in labels(detail)
    [followed] = await delegate.press(detail, "Follow")
    assert followed["message_id"] == detail["message_id"]
    assert "☆ Unfollow" in labels(followed)
    notice = harness.api.calls_to("answerCallbackQuery")[-1].params
    assert notice["text"].startswith("⭐ Followed")
    assert await harness.services.follows.followed(delegate.user_id) == {"opening"}
    [unfollowed] = await delegate.press(followed, "Unfollow")
    assert "⭐ Follow" in labels(unfollowed)
    assert await harness.services.follows.followed(delegate.user_id) == set()


async def test_following_an_overlapping_session_is_flagged(harness: Harness) -> None:
    delegate = harness.delegate("es")
    climate = harness.event.session("ws-climate")
    peace = harness.event.session("ws-peace")
    assert climate.start == peace.start, "two parallel workshops of the shipped programme"
    detail = await open_session(delegate, climate.title.get("es")[:15], "6 de noviembre")
    await delegate.press(detail, "⭐")
    detail = await open_session(delegate, peace.title.get("es")[:15], "6 de noviembre")
    await delegate.press(detail, "⭐")
    notice = harness.api.calls_to("answerCallbackQuery")[-1].params
    assert "⚠️" in notice["text"] and notice["show_alert"] is True
    assert climate.title.get("es") in notice["text"]
    [agenda] = await delegate.send("/agenda")
    overlapping = [line for line in agenda["text"].splitlines() if "⚠️" in line]
    assert len(overlapping) == 2


async def test_an_overlap_with_a_long_title_still_fits_the_press_answer(
    make_harness: StartHarness, shipped_event: Event
) -> None:
    """Telegram refuses a press's answer over 200 characters: the Follow press looked broken."""
    long_title = "Taller: " + "educación para el desarrollo sostenible y la ciudadanía " * 4
    sessions = tuple(
        dataclasses.replace(s, title=Text({"es": long_title}, "es")) if s.id == "ws-climate" else s
        for s in shipped_event.sessions
    )
    h = await make_harness(
        dataclasses.replace(shipped_event, sessions=sessions, _sessions_by_id={})
    )
    delegate = h.delegate("es")
    detail = await open_session(delegate, "Taller: educa", "6 de noviembre")
    await delegate.press(detail, "⭐")
    peace = h.event.session("ws-peace")
    detail = await open_session(delegate, peace.title.get("es")[:15], "6 de noviembre")
    [shown] = await delegate.press(detail, "⭐")
    notice = h.api.calls_to("answerCallbackQuery")[-1]
    assert notice.ok and notice.params["show_alert"] is True
    assert utf16_length(notice.params["text"]) <= 200 and long_title[:40] in notice.params["text"]
    assert "☆" in "".join(
        b["text"] for row in shown["reply_markup"]["inline_keyboard"] for b in row
    )


@pytest.mark.parametrize("language", ["es", "en", "fr"])
async def test_a_whole_day_can_be_followed_and_the_agenda_lists_it(
    harness: Harness, language: str
) -> None:
    delegate = harness.delegate(language)
    t = harness.services.translator(language)
    day = harness.event.days()[1]
    [days] = await delegate.send("/programme")
    [day_screen] = await delegate.press(days, t.day(day))
    await delegate.press(day_screen, t.gettext("⭐ Follow this day"))
    expected = {s.id for s in harness.event.sessions_on(day)}
    assert await harness.services.follows.followed(delegate.user_id) == expected
    [agenda] = await delegate.send("/agenda")
    assert t.day(day) in agenda["text"]
    for session in harness.event.sessions_on(day):
        assert t.text(session.title) in agenda["text"]


async def test_an_empty_agenda_says_how_to_follow(harness: Harness) -> None:
    [agenda] = await harness.delegate("en").send("/agenda")
    assert "Follow" in agenda["text"]


async def test_reminder_settings_are_changed_in_place_and_stored(harness: Harness) -> None:
    delegate = harness.delegate("fr")
    [screen] = await delegate.send("/reminders")
    t = harness.services.translator("fr")
    assert f"✅ {t.gettext('Every session')}" in labels(screen)
    [screen] = await delegate.press(screen, t.gettext("Only sessions I follow"))
    [screen] = await delegate.press_data(screen, "rem:lead:5")
    [screen] = await delegate.press_data(screen, "rem:lead:15")
    [screen] = await delegate.press_data(screen, "rem:dig:0730")
    settings = await harness.services.follows.settings(delegate.user_id)
    assert settings == ReminderSettings("followed", (5,), settings.digest)
    assert settings.digest is not None and settings.digest.strftime("%H:%M") == "07:30"
    assert "✅ ☀️ 07:30" in labels(screen)
    assert len(delegate.screen()) == 1, "the settings screen is edited, not resent"


async def test_forged_settings_and_follow_buttons_change_nothing(harness: Harness) -> None:
    delegate = harness.delegate("en")
    [screen] = await delegate.send("/reminders")
    for data in ("rem:lead:7", "rem:dig:0315", "fol:no-such-session", "fday:2030-01-01"):
        await delegate.forge(screen, data)
    assert await harness.services.follows.settings(delegate.user_id) == ReminderSettings()
    assert await harness.services.follows.followed(delegate.user_id) == set()


async def test_forget_also_deletes_follows_and_settings(harness: Harness) -> None:
    delegate = harness.delegate("en")
    await harness.services.storage.set_language(delegate.user_id, "en")
    await harness.services.follows.follow(delegate.user_id, ["opening"])
    await harness.services.follows.save_settings(delegate.user_id, ReminderSettings("off"))
    [confirm] = await delegate.send("/forget")
    await delegate.press(confirm, "Yes")
    assert await harness.services.follows.followed(delegate.user_id) == set()
    assert await harness.services.follows.settings(delegate.user_id) == ReminderSettings()


def test_a_press_on_the_reminder_settings_changes_one_setting() -> None:
    current = ReminderSettings("all", None, None)
    assert after_press(current, "rem:mode:off", (10,)) == ReminderSettings("off", None, None)
    assert after_press(current, "rem:lead:5", (10,)) == ReminderSettings("all", (5, 10), None)
    assert after_press(current, "rem:lead:10", (10,)) == ReminderSettings("all", (), None)
    morning = after_press(current, "rem:dig:0730", (10,))
    assert morning == ReminderSettings("all", None, time(7, 30))
    assert after_press(morning, "rem:dig:none", (10,)) == current


@pytest.mark.parametrize(
    "data", ["rem:lead:7", "rem:dig:0315", "rem:dig:2599", "rem:mode:loud", "rem:off", ""]
)
def test_a_reminder_choice_no_screen_offers_changes_nothing(data: str) -> None:
    assert after_press(ReminderSettings(), data, (10,)) is None


def test_clashes_are_the_other_followed_sessions_that_overlap(shipped_event: Event) -> None:
    climate = shipped_event.session("ws-climate")
    peace = shipped_event.session("ws-peace")
    assert climate is not None and peace is not None
    followed = {climate.id, peace.id, "opening"}
    assert clashes(shipped_event, peace, followed) == [climate]
    assert clashes(shipped_event, peace, {peace.id}) == []


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_crowded_day_s_digest_still_fits_one_message(shipped_event: Event, language: str) -> None:
    """Twelve parallel tracks all day: a digest Telegram refused would reach nobody."""
    day = shipped_event.days()[0]
    first = shipped_event.sessions_on(day)
    crowded = [dataclasses.replace(s, id=f"{s.id}-{n}") for n in range(12) for s in first]
    event = dataclasses.replace(shipped_event, sessions=tuple(crowded), _sessions_by_id={})
    t = for_event(event, language)
    reply = digest(event, t, day)
    assert utf16_length(reply.text) <= MAX_MESSAGE_LENGTH
    listed = reply.text.count("\n") - 2  # the heading, a blank line, "…and N more"
    hidden = len(crowded) - listed
    assert hidden > 0 and reply.text.endswith(
        t.ngettext("…and {count} more", "…and {count} more", hidden).format(count=hidden)
    )
    quiet = digest(shipped_event, t, day)
    assert quiet.text.count("\n") == len(first) + 1, "a normal day lists every session"
