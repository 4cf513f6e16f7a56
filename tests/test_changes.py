"""Programme changes: what a reload finds, and the one message a delegate gets about it."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda import change_notices
from bot.agenda.follows import FollowStore, ReminderSettings
from bot.event import Event
from bot.i18n import Translator
from bot.programme.changes import SessionChange, compare, relevant, render_changes
from bot.programme.loader import load_event, parse_event
from bot.programme.snapshots import Snapshot
from bot.storage import Storage
from bot.ui import callbacks
from bot.ui.split import MAX_MESSAGE_LENGTH, utf16_length
from bot.ui.views import BUTTON_LABEL_LIMIT
from tests.botapi import parse_html
from tests.conftest import Harness, StartHarness

BASE = """\
event:
  id: test-meeting
  name: {es: Reunión, en: Meeting, fr: Réunion}
  timezone: America/Santo_Domingo
  languages: [es, en, fr]
  default_language: es
venue:
  name: Hotel
  address: Calle 1
  rooms:
    - id: salon-a
      name: {es: Salón A, en: Room A, fr: Salle A}
    - id: salon-b
      name: {es: Salón B, en: Room B, fr: Salle B}
sessions:
  - id: opening
    title: {es: Apertura, en: Opening, fr: Ouverture}
    start: 2024-11-06T09:00
    end: 2024-11-06T10:00
    room: salon-a
  - id: lunch
    title: {es: Almuerzo, en: Lunch, fr: Déjeuner}
    start: 2024-11-06T12:00
    end: 2024-11-06T13:00
    kind: meal
  - id: robots
    title: {es: "Taller I+D & <robots>", en: "R&D <robots> workshop", fr: "Atelier R&D <robots>"}
    start: 2024-11-07T14:00
    end: 2024-11-07T15:30
    room: salon-b
    kind: workshop
"""

OPENING = """\
  - id: opening
    title: {es: Apertura, en: Opening, fr: Ouverture}
    start: 2024-11-06T09:00
    end: 2024-11-06T10:00
    room: salon-a
"""

ROBOTS = """\
  - id: robots
    title: {es: "Taller I+D & <robots>", en: "R&D <robots> workshop", fr: "Atelier R&D <robots>"}
    start: 2024-11-07T14:00
    end: 2024-11-07T15:30
    room: salon-b
    kind: workshop
"""


def event_of(source: str) -> Event:
    return parse_event(source, "meeting.yaml")


def edited(*replacements: tuple[str, str]) -> Event:
    source = BASE
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new, 1)
    return event_of(source)


def stored(snapshots: list[Snapshot]) -> dict[str, Snapshot]:
    """Snapshots as ``ProgrammeStore.load`` returns them: times back from ISO text."""
    return {
        s.session_id: dataclasses.replace(
            s,
            title=dict(s.title),
            start=datetime.fromisoformat(s.start.isoformat()),
            end=datetime.fromisoformat(s.end.isoformat()),
        )
        for s in snapshots
    }


def first_run(event: Event | None = None) -> dict[str, Snapshot]:
    changes, snapshots = compare({}, event or event_of(BASE))
    assert changes == []
    return stored(snapshots)


def only(changes: list[SessionChange]) -> SessionChange:
    assert len(changes) == 1, changes
    return changes[0]


def saved_by_id(snapshots: list[Snapshot]) -> dict[str, Snapshot]:
    by_id = {s.session_id: s for s in snapshots}
    assert len(by_id) == len(snapshots), "a session saved twice"
    return by_id


def translator(language: str, event: Event) -> Translator:
    return Translator(language, event.timezone)


def plain(text: str) -> str:
    """The text as the delegate reads it; raises as Telegram would on broken HTML."""
    return parse_html(text)[0]


# --- comparing ------------------------------------------------------------------------------


def test_first_run_announces_nothing_and_starts_every_sequence_at_zero() -> None:
    event = event_of(BASE)
    changes, snapshots = compare({}, event)
    assert changes == []
    assert [s.session_id for s in snapshots] == [s.id for s in event.sessions]
    assert {s.sequence for s in snapshots} == {0}
    assert not any(s.cancelled for s in snapshots)


def test_unchanged_sessions_keep_their_sequence() -> None:
    previous = {k: dataclasses.replace(v, sequence=4) for k, v in first_run().items()}
    changes, snapshots = compare(previous, event_of(BASE))
    assert changes == []
    assert {s.session_id: s.sequence for s in snapshots} == {
        "opening": 4,
        "lunch": 4,
        "robots": 4,
    }


@pytest.mark.parametrize(
    ("replacement", "kind"),
    [
        (("start: 2024-11-06T09:00", "start: 2024-11-06T09:30"), "moved"),
        (("end: 2024-11-06T10:00", "end: 2024-11-06T10:30"), "moved"),
        (("    room: salon-a\n", "    room: salon-b\n"), "room"),
        (("    room: salon-a\n", ""), "room"),
        (("fr: Ouverture}", "fr: Séance d'ouverture}"), "retitled"),
    ],
    ids=["start", "end", "other-room", "no-room", "french-title"],
)
def test_each_kind_of_change_alone(replacement: tuple[str, str], kind: str) -> None:
    previous = first_run()
    changes, snapshots = compare(previous, edited(replacement))
    change = only(changes)
    assert change.session_id == "opening"
    assert change.kinds == {kind}
    assert change.before == previous["opening"]
    assert change.after is not None
    assert saved_by_id(snapshots)["opening"] == change.after
    assert change.after.sequence == 1
    assert saved_by_id(snapshots)["lunch"].sequence == 0


def test_a_new_session_is_added_with_sequence_zero() -> None:
    previous = first_run()
    extra = (
        "  - id: closing\n    title: Clausura\n"
        "    start: 2024-11-08T16:00\n    end: 2024-11-08T17:00\n    room: salon-a\n"
    )
    changes, snapshots = compare(previous, event_of(BASE + extra))
    change = only(changes)
    assert (change.session_id, change.kinds, change.before) == ("closing", {"added"}, None)
    assert change.after is not None
    assert change.after.sequence == 0
    assert not change.after.cancelled
    assert set(saved_by_id(snapshots)) == {"opening", "lunch", "robots", "closing"}


def test_moved_and_re_roomed_is_one_change_and_one_sequence_step() -> None:
    previous = {k: dataclasses.replace(v, sequence=2) for k, v in first_run().items()}
    event = edited(
        ("start: 2024-11-06T09:00", "start: 2024-11-07T09:00"),
        ("end: 2024-11-06T10:00", "end: 2024-11-07T10:00"),
        ("    room: salon-a\n", "    room: salon-b\n"),
    )
    changes, snapshots = compare(previous, event)
    change = only(changes)
    assert change.kinds == {"moved", "room"}
    assert saved_by_id(snapshots)["opening"].sequence == 3


def test_a_kind_change_alone_is_saved_but_not_announced() -> None:
    previous = first_run()
    changes, snapshots = compare(previous, edited(("    kind: meal\n", "    kind: social\n")))
    assert changes == []
    lunch = saved_by_id(snapshots)["lunch"]
    assert (lunch.kind, lunch.sequence) == ("social", 0)


def test_a_cancelled_session_stays_cancelled_across_reloads() -> None:
    previous = first_run()
    without_robots = event_of(BASE.replace(ROBOTS, ""))
    changes, snapshots = compare(previous, without_robots)
    change = only(changes)
    assert (change.session_id, change.kinds) == ("robots", {"cancelled"})
    assert change.before == previous["robots"]
    assert change.after is None
    robots = saved_by_id(snapshots)["robots"]
    assert (robots.cancelled, robots.sequence) == (True, 1)
    assert robots.start == previous["robots"].start

    again, snapshots_again = compare(stored(snapshots), without_robots)
    assert again == []
    robots_again = saved_by_id(snapshots_again)["robots"]
    assert (robots_again.cancelled, robots_again.sequence) == (True, 1)


def test_a_cancelled_session_back_in_the_file_is_reinstated() -> None:
    _, cancelled = compare(first_run(), event_of(BASE.replace(ROBOTS, "")))
    changes, snapshots = compare(stored(cancelled), event_of(BASE))
    change = only(changes)
    assert (change.session_id, change.kinds) == ("robots", {"added"})
    assert change.before is not None
    assert change.before.cancelled
    robots = saved_by_id(snapshots)["robots"]
    assert (robots.cancelled, robots.sequence) == (False, 2)
    assert change.after == robots


def test_changes_come_in_programme_order() -> None:
    """Sorted by the start a delegate will find: the new one, or the cancelled one's last."""
    previous = first_run()
    event = edited(
        (OPENING, ""),
        ("    kind: meal\n", "    kind: meal\n    room: salon-b\n"),
        ("start: 2024-11-07T14:00", "start: 2024-11-06T08:00"),
        ("end: 2024-11-07T15:30", "end: 2024-11-06T08:45"),
    )
    changes, _ = compare(previous, event)
    assert [(c.session_id, c.kinds) for c in changes] == [
        ("robots", {"moved"}),
        ("opening", {"cancelled"}),
        ("lunch", {"room"}),
    ]


def test_a_title_unchanged_in_the_readers_language_is_not_said_to_change() -> None:
    previous = first_run()
    event = edited(
        ("fr: Ouverture}", "fr: Séance d'ouverture}"),
        ("    room: salon-a\n", "    room: salon-b\n"),
    )
    change = only(compare(previous, event)[0])
    assert change.kinds == {"retitled", "room"}
    english = plain(render_changes([change], event, translator("en", event)).text)
    assert english.split("\n")[1:] == ["• Opening: now in Room B (was Room A)"]
    french = plain(render_changes([change], event, translator("fr", event)).text)
    assert len(french.split("\n")) == 1 + 2
    assert "Ouverture" in french.split("\n")[1]


def test_the_same_instant_written_in_another_offset_is_not_a_move() -> None:
    previous = first_run()
    event = edited(("start: 2024-11-06T09:00", "start: 2024-11-06T13:00+00:00"))
    assert compare(previous, event)[0] == []


# --- telling delegates ----------------------------------------------------------------------


def several_changes() -> tuple[list[SessionChange], Event]:
    """Opening moves to the next day and room; lunch gets 30 minutes later; robots cancelled."""
    previous = first_run()
    event = edited(
        ("start: 2024-11-06T09:00", "start: 2024-11-07T09:00"),
        ("end: 2024-11-06T10:00", "end: 2024-11-07T10:00"),
        ("    room: salon-a\n", "    room: salon-b\n"),
        ("start: 2024-11-06T12:00", "start: 2024-11-06T12:30"),
        ("end: 2024-11-06T13:00", "end: 2024-11-06T13:30"),
        (ROBOTS, ""),
    )
    changes, _ = compare(previous, event)
    assert len(changes) == 3
    return changes, event


def test_several_changes_in_one_english_message() -> None:
    changes, event = several_changes()
    reply = render_changes(changes, event, translator("en", event))
    assert plain(reply.text).split("\n") == [
        "📣 Programme changes",
        "• Lunch: new time 12:00–13:00 → 12:30–13:30 (Wednesday 6 November)",
        "• Opening moved: Wednesday 6 November 09:00–10:00 → Thursday 7 November 09:00–10:00",
        "• Opening: now in Room B (was Room A)",
        "• R&D <robots> workshop (Thursday 7 November, 14:00–15:30) is cancelled",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [
                ["Almuerzo", "12:00–13:00", "12:30–13:30", "(miércoles, 6 de noviembre)"],
                [
                    "Apertura",
                    "miércoles, 6 de noviembre 09:00–10:00",
                    "jueves, 7 de noviembre 09:00–10:00",
                ],
                ["Apertura", "Salón B", "Salón A"],
                ["Taller I+D & <robots>", "(jueves, 7 de noviembre, 14:00–15:30)"],
            ],
        ),
        (
            "fr",
            [
                ["Déjeuner", "12:00–13:00", "12:30–13:30", "(mercredi 6 novembre)"],
                [
                    "Ouverture",
                    "mercredi 6 novembre 09:00–10:00",
                    "jeudi 7 novembre 09:00–10:00",
                ],
                ["Ouverture", "Salle B", "Salle A"],
                ["Atelier R&D <robots>", "(jeudi 7 novembre, 14:00–15:30)"],
            ],
        ),
    ],
)
def test_several_changes_in_one_message_in_spanish_and_french(
    language: str, expected: list[list[str]]
) -> None:
    """Interface wording is translated later; the event's texts, days and times are right now."""
    changes, event = several_changes()
    t = translator(language, event)
    lines = plain(render_changes(changes, event, t).text).split("\n")
    assert lines[0] == t.ngettext("📣 Programme change", "📣 Programme changes", 3)
    assert len(lines) == 1 + len(expected)
    for line, fragments in zip(lines[1:], expected, strict=True):
        for fragment in fragments:
            assert fragment in line, (fragment, line)
    english = {"Lunch", "Opening", "Room A", "Room B", "Wednesday", "Thursday", "workshop"}
    assert not [word for word in english if word in " ".join(lines)]


def test_the_heading_counts_one_change() -> None:
    previous = first_run()
    event = edited(("start: 2024-11-06T12:00", "start: 2024-11-06T12:15"))
    reply = render_changes(compare(previous, event)[0], event, translator("en", event))
    assert plain(reply.text).split("\n")[0] == "📣 Programme change"
    assert reply.text.startswith("<b>📣 Programme change</b>\n")


def test_event_text_is_escaped_and_the_html_is_what_telegram_accepts() -> None:
    changes, event = several_changes()
    for language in event.languages:
        reply = render_changes(changes, event, translator(language, event))
        assert "&lt;robots&gt;" in reply.text
        assert "<robots>" not in reply.text
        _, entities = parse_html(reply.text)
        assert sum(1 for e in entities if e["type"] == "bold") == 1 + 3 + 1


def test_buttons_open_each_session_still_on_the_programme() -> None:
    changes, event = several_changes()
    reply = render_changes(changes, event, translator("fr", event))
    assert [[b.label for b in row] for row in reply.buttons] == [["Déjeuner"], ["Ouverture"]]
    for row in reply.buttons:
        for button in row:
            assert len(button.data.encode()) <= callbacks.MAX_CALLBACK_BYTES
            assert callbacks.SESSION_PATTERN.match(button.data)
    assert [row[0].data for row in reply.buttons] == ["ses:lunch", "ses:opening"]


def test_at_most_six_buttons_and_long_titles_are_cut() -> None:
    long_title = "A very long title for a session that nobody will read in full " * 2
    extra = "".join(
        f"  - id: extra-{n}\n    title: '{long_title}{n}'\n"
        f"    start: 2024-11-08T{8 + n:02d}:00\n    end: 2024-11-08T{8 + n:02d}:45\n"
        for n in range(8)
    )
    previous = first_run()
    event = event_of(BASE + extra)
    changes, _ = compare(previous, event)
    assert len(changes) == 8
    reply = render_changes(changes, event, translator("es", event))
    assert len(reply.buttons) == 6
    assert all(len(row) == 1 for row in reply.buttons)
    assert all(len(row[0].label) <= BUTTON_LABEL_LIMIT for row in reply.buttons)
    assert reply.buttons[0][0].data == "ses:extra-0"
    assert len(plain(reply.text).split("\n")) == 1 + 8


def test_a_new_and_a_reinstated_session_are_announced_with_day_time_and_room() -> None:
    _, cancelled = compare(first_run(), event_of(BASE.replace(ROBOTS, "")))
    extra = "  - id: closing\n    title: {es: Clausura, en: Closing}\n"
    extra += "    start: 2024-11-08T16:00\n    end: 2024-11-08T17:00\n"
    event = event_of(BASE + extra)
    changes, _ = compare(stored(cancelled), event)
    reply = render_changes(changes, event, translator("en", event))
    assert plain(reply.text).split("\n")[1:] == [
        "• Back on the programme: R&D <robots> workshop, Thursday 7 November 14:00–15:30, Room B",
        "• New: Closing, Friday 8 November 16:00–17:00",
    ]
    spanish = plain(render_changes(changes, event, translator("es", event)).text)
    assert "Clausura, viernes, 8 de noviembre 16:00–17:00" in spanish
    french = plain(render_changes(changes, event, translator("fr", event)).text)
    assert "Clausura, vendredi 8 novembre 16:00–17:00" in french  # no French title: default
    assert [row[0].data for row in reply.buttons] == ["ses:robots", "ses:closing"]


def test_a_retitle_is_told_old_to_new_only_where_the_title_changed() -> None:
    previous = first_run()
    event = edited(("fr: Ouverture}", "fr: Séance d'ouverture}"))
    change = only(compare(previous, event)[0])
    assert relevant(change, event, "fr")
    assert not relevant(change, event, "es")
    french = render_changes([change], event, translator("fr", event))
    assert plain(french.text).split("\n")[1] == "• Ouverture s’appelle désormais Séance d'ouverture"
    assert [row[0].label for row in french.buttons] == ["Séance d'ouverture"]
    spanish = render_changes([change], event, translator("es", event))
    assert (spanish.text, spanish.buttons) == ("", ())


def test_a_room_no_longer_in_the_file_is_shown_by_its_id() -> None:
    previous = first_run()
    previous["opening"] = dataclasses.replace(previous["opening"], room_id="salon-z")
    event = event_of(BASE)
    change = only(compare(previous, event)[0])
    reply = render_changes([change], event, translator("en", event))
    assert plain(reply.text).split("\n")[1] == "• Opening: now in Room A (was salon-z)"


def test_rooms_appearing_and_disappearing() -> None:
    previous = first_run()
    event = edited(("    room: salon-a\n", ""), ("    kind: meal\n", "    room: salon-a\n"))
    changes, _ = compare(previous, event)
    reply = render_changes(changes, event, translator("en", event))
    assert plain(reply.text).split("\n")[1:] == [
        "• Opening: no longer in Room A",
        "• Lunch: now in Room A",
    ]


def test_a_huge_reload_still_fits_one_message() -> None:
    extra = "".join(
        f"  - id: s-{n}\n    title: 'Session {n} with a reasonably long title'\n"
        f"    start: 2024-11-08T09:{n % 60:02d}\n    end: 2024-11-08T10:{n % 60:02d}\n"
        for n in range(120)
    )
    event = event_of(BASE + extra)
    changes, _ = compare(first_run(), event)
    assert len(changes) == 120
    reply = render_changes(changes, event, translator("en", event))
    assert utf16_length(reply.text) <= MAX_MESSAGE_LENGTH
    lines = plain(reply.text).split("\n")
    assert lines[0] == "📣 Programme changes"
    listed = len(lines) - 2
    assert 10 < listed < 120
    assert lines[-1] == f"…and {120 - listed} more changes"


# --- a daylight-saving zone -----------------------------------------------------------------

MADRID = """\
event:
  id: lisbon-madrid
  name: Encuentro
  timezone: Europe/Madrid
  languages: [es, en]
  default_language: es
venue:
  name: Hotel
  address: Calle 1
sessions:
  - id: plenary
    title: {es: Plenaria, en: Plenary}
    start: 2024-10-26T10:00
    end: 2024-10-26T11:00
  - id: visit
    title: {es: Visita, en: Visit}
    start: 2024-10-27T01:30
    end: 2024-10-27T02:30
"""


def test_local_times_are_right_across_the_end_of_summer_time() -> None:
    # Summer time ends in Madrid at 03:00 on Sunday 27 October 2024 (UTC+2 → UTC+1).
    previous = first_run(event_of(MADRID))
    assert previous["plenary"].start.utcoffset().total_seconds() == 2 * 3600
    event = event_of(
        MADRID.replace("start: 2024-10-26T10:00", "start: 2024-10-28T10:00")
        .replace("end: 2024-10-26T11:00", "end: 2024-10-28T11:00")
        .replace("start: 2024-10-27T01:30", "start: 2024-10-27T09:30")
        .replace("end: 2024-10-27T02:30", "end: 2024-10-27T10:30")
    )
    # The visit is in the hour 02:00–03:00 that happens twice: still not a move on reload.
    assert compare(previous, event_of(MADRID))[0] == []
    changes, snapshots = compare(previous, event)
    assert saved_by_id(snapshots)["plenary"].start.utcoffset().total_seconds() == 3600
    english = plain(render_changes(changes, event, translator("en", event)).text)
    assert english.split("\n")[1:] == [
        "• Visit: new time 01:30–02:30 → 09:30–10:30 (Sunday 27 October)",
        "• Plenary moved: Saturday 26 October 10:00–11:00 → Monday 28 October 10:00–11:00",
    ]
    spanish = plain(render_changes(changes, event, translator("es", event)).text)
    for fragment in (
        "01:30–02:30",
        "09:30–10:30 (domingo, 27 de octubre)",
        "sábado, 26 de octubre 10:00–11:00",
        "lunes, 28 de octubre 10:00–11:00",
    ):
        assert fragment in spanish


def test_times_follow_the_event_zone_even_from_a_translator_in_another() -> None:
    event = event_of(MADRID)
    previous = first_run(event)
    moved = event_of(MADRID.replace("start: 2024-10-26T10:00", "start: 2024-10-26T10:15"))
    changes, _ = compare(previous, moved)
    elsewhere = Translator("en", ZoneInfo("UTC"))
    text = plain(render_changes(changes, moved, elsewhere).text)
    assert "10:00–11:00 → 10:15–11:00 (Saturday 26 October)" in text


# --- who is told, without Telegram ------------------------------------------------------------


async def test_followers_and_for_a_plenary_everyone_reminded_of_all_are_told(
    tmp_path: Path,
) -> None:
    """The rule of ``change_notices``: followers of a changed session hear of it; a plenary's
    change also goes to everyone in "every session" mode; blocked delegates and those who turned
    reminders off hear nothing; each gets one message, in their language."""
    plenary = ("    room: salon-a\n", "    room: salon-a\n    kind: plenary\n")
    before = edited(plenary)
    after = edited(
        plenary,
        ("start: 2024-11-06T09:00\n    end: 2024-11-06T10:00", "start: 2024-11-06T09:30\n    end: 2024-11-06T10:30"),
        ("    room: salon-b\n    kind: workshop", "    room: salon-a\n    kind: workshop"),
    )  # fmt: skip
    changes, _ = compare(first_run(before), after)
    assert [c.session_id for c in changes] == ["opening", "robots"]
    storage = await Storage.open(tmp_path / "bot.sqlite3")
    try:
        follows = FollowStore(storage.connection)
        for user_id, language in ((1, "es"), (2, "en"), (3, "fr"), (4, "en")):
            await storage.set_language(user_id, language)
        await follows.follow(1, ["robots"])
        await follows.follow(4, ["robots"])
        await follows.save_settings(2, ReminderSettings("off"))
        await storage.mark_blocked(4)

        concerned = await change_notices.concerned(follows, changes)
        assert {u: [c.session_id for c in cs] for u, cs in concerned.items()} == {
            1: ["opening", "robots"],
            3: ["opening"],
            4: ["robots"],  # concerned, but blocked: no row below
        }
        rows = dict(await change_notices.notices(follows, after, changes))
        assert sorted(rows) == [1, 3]
        assert rows[1]["text"] == render_changes(changes, after, translator("es", after)).text
        assert rows[3]["text"] == render_changes(changes[:1], after, translator("fr", after)).text
    finally:
        await storage.close()


def test_many_cancellations_wait_for_an_organiser() -> None:
    previous = first_run()
    changes, _ = compare(previous, edited((OPENING, ""), (ROBOTS, "")))
    wait = change_notices.confirmation_needed(previous, changes)
    assert wait is not None and (len(wait.cancelled), wait.others, wait.total) == (2, 0, 3)
    one_moved, _ = compare(previous, edited(("start: 2024-11-07T14:00", "start: 2024-11-07T15:00")))
    assert change_notices.confirmation_needed(previous, one_moved) is None


async def test_a_change_notice_writes_dates_in_the_locale_the_event_chose(
    make_harness: StartHarness, tmp_path: Path
) -> None:
    """``locales: {en: en_US}`` makes every English date American; the notice of a moved session
    was still British while the session's own screen was not."""
    source = BASE.replace(
        "  default_language: es\n", "  default_language: es\n  locales: {en: en_US}\n"
    )
    path = tmp_path / "event.yaml"
    path.write_text(source, encoding="utf-8")
    h: Harness = await make_harness(load_event(path), organisers=frozenset({9}))
    organiser, delegate = h.delegate("en"), h.delegate("en")
    organiser.user_id = 9
    await delegate.send("/start")
    await h.services.follows.follow(delegate.user_id, ["lunch"])
    lunch = "start: 2024-11-06T12:00\n    end: 2024-11-06T13:00"
    path.write_text(source.replace(lunch, lunch.replace("-06T", "-07T")), encoding="utf-8")
    await organiser.send("/reload")
    await h.api.wait_for(lambda: len(delegate.screen()) == 2, timeout=10)
    notice = delegate.screen()[-1]
    assert "Wednesday, November 6" in notice["text"], notice["text"]
    assert "Thursday, November 7" in notice["text"], notice["text"]
    [session] = await delegate.press(notice, "Lunch")
    assert "Thursday, November 7" in session["text"]
