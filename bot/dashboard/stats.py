"""The organisers' dashboard: who started the bot, what was asked, what was delivered.

Everything is counted from tables the bot keeps anyway (delegates, unanswered questions,
hand-offs, the outbox), plus one count of questions per hour and language that holds no text
and no user id. Rows about a delegate disappear with /forget, so the counts that name anyone
(starts, sources, deliveries, hand-offs) drop them too. No Telegram types here: the handler and
``python main.py stats`` render the same ``Dashboard``.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape

import aiosqlite
from babel.numbers import format_percent

from bot.event import Event
from bot.i18n import Translator
from bot.storage import Storage, UnansweredQuestion

TOP_UNANSWERED = 5
REMINDER_KINDS = ("reminder", "digest")
ANNOUNCEMENT_KINDS = ("broadcast",)


@dataclass(frozen=True)
class Deliveries:
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    pending: int = 0


@dataclass(frozen=True)
class Dashboard:
    started: int
    blocked: int
    by_language: tuple[tuple[str, int], ...]
    by_day: tuple[tuple[date, int], ...]
    by_source: tuple[tuple[str, int], ...]
    asked: int
    answered: int
    top_unanswered: tuple[UnansweredQuestion, ...]
    handoffs_open: int
    handoffs_answered: int
    reminders: Deliveries
    announcements: Deliveries
    per_hour: tuple[tuple[datetime, int, int], ...] = field(default=())

    @property
    def not_answered(self) -> int:
        return self.asked - self.answered


async def collect(storage: Storage, event: Event) -> Dashboard:
    db = storage.connection
    delegates = await _rows(db, "SELECT language, created_at, blocked_at, source FROM delegates")
    languages = Counter(str(r[0]) for r in delegates)
    days = Counter(event.local(datetime.fromisoformat(r[1])).date() for r in delegates)
    sources = Counter(str(r[3]) for r in delegates if r[3])
    hours: dict[datetime, list[int]] = {}
    for hour, answered, count in await _rows(
        db, "SELECT hour, answered, SUM(count) FROM question_counts GROUP BY hour, answered"
    ):
        moment = datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
        hours.setdefault(moment, [0, 0])[int(answered)] += int(count)
    handoffs = await _rows(db, "SELECT answered_at IS NOT NULL, COUNT(*) FROM handoffs GROUP BY 1")
    handed = {bool(r[0]): int(r[1]) for r in handoffs}
    return Dashboard(
        started=len(delegates),
        blocked=sum(1 for r in delegates if r[2]),
        by_language=tuple(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_day=tuple(sorted(days.items())),
        by_source=tuple(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
        asked=sum(sum(v) for v in hours.values()),
        answered=sum(v[1] for v in hours.values()),
        top_unanswered=tuple(await storage.unanswered(TOP_UNANSWERED)),
        handoffs_open=handed.get(False, 0),
        handoffs_answered=handed.get(True, 0),
        reminders=await _deliveries(db, REMINDER_KINDS),
        announcements=await _deliveries(db, ANNOUNCEMENT_KINDS),
        per_hour=tuple((h, v[0] + v[1], v[1]) for h, v in sorted(hours.items())),
    )


async def _rows(db: aiosqlite.Connection, sql: str, args: tuple[object, ...] = ()) -> list:
    async with db.execute(sql, args) as cursor:
        return list(await cursor.fetchall())


async def _deliveries(db: aiosqlite.Connection, kinds: tuple[str, ...]) -> Deliveries:
    marks = ", ".join("?" * len(kinds))
    rows = await _rows(
        db,
        "SELECT o.status, COUNT(*) FROM outbox o JOIN outbox_jobs j ON j.job = o.job"
        f" WHERE j.kind IN ({marks}) GROUP BY o.status",
        kinds,
    )
    counts = {str(r[0]): int(r[1]) for r in rows}
    return Deliveries(
        sent=counts.get("sent", 0),
        failed=counts.get("failed", 0),
        blocked=counts.get("blocked", 0),
        pending=counts.get("pending", 0) + counts.get("sending", 0),
    )


def render(d: Dashboard, event: Event, t: Translator) -> str:
    """The dashboard as one HTML text, in the organiser's language (the chart's text too)."""

    def listing(pairs: list[tuple[str, int]]) -> str:
        return escape(", ".join(f"{name} {count}" for name, count in pairs)) or "—"

    lines = [
        "<b>{}</b>".format(
            escape(t.gettext("📊 Dashboard: {event}").format(event=event.name.get(t.language)))
        ),
        t.ngettext(
            "👥 {count} delegate has started the bot",
            "👥 {count} delegates have started the bot",
            d.started,
        ).format(count=d.started),
        t.ngettext(
            "🚫 {count} of them has blocked it", "🚫 {count} of them have blocked it", d.blocked
        ).format(count=d.blocked),
        t.gettext("By language: {counts}").format(
            counts=listing([(t.language_name(lang), n) for lang, n in d.by_language])
        ),
        t.gettext("By day of first start: {counts}").format(
            counts=listing([(t.short_day(day), n) for day, n in d.by_day])
        ),
        t.gettext("By link source: {counts}").format(counts=listing(list(d.by_source))),
        "",
        t.ngettext("❓ {count} question asked", "❓ {count} questions asked", d.asked).format(
            count=d.asked
        ),
    ]
    if d.asked:
        rate = format_percent(d.not_answered / d.asked, locale=t.locale)
        lines.append(
            t.gettext("answered: {answered}; “I don't know”: {unanswered} ({rate})").format(
                answered=d.answered, unanswered=d.not_answered, rate=rate
            )
        )
    if d.top_unanswered:
        lines.append(t.gettext("Most asked without an answer:"))
        lines += [
            t.gettext("• {question} ({count}×)").format(question=escape(q.text), count=q.count)
            for q in d.top_unanswered
        ]
    # One count per line, each with its own plural forms: Spanish and French words agree with
    # the count ("1 enviado", "2 envoyés"), which one sentence holding three counts cannot do.
    lines += [
        t.ngettext(
            "🙋 {count} question handed to you is open",
            "🙋 {count} questions handed to you are open",
            d.handoffs_open,
        ).format(count=d.handoffs_open),
        t.ngettext(
            "✅ {count} question handed to you has been answered",
            "✅ {count} questions handed to you have been answered",
            d.handoffs_answered,
        ).format(count=d.handoffs_answered),
        "",
        t.ngettext(
            "⏰ {count} reminder sent", "⏰ {count} reminders sent", d.reminders.sent
        ).format(count=d.reminders.sent),
        t.ngettext(
            "⏰ {count} reminder failed", "⏰ {count} reminders failed", d.reminders.failed
        ).format(count=d.reminders.failed),
        t.ngettext(
            "⏰ {count} reminder blocked", "⏰ {count} reminders blocked", d.reminders.blocked
        ).format(count=d.reminders.blocked),
        t.ngettext(
            "📣 {count} announcement message sent",
            "📣 {count} announcement messages sent",
            d.announcements.sent,
        ).format(count=d.announcements.sent),
        t.ngettext(
            "📣 {count} announcement message failed",
            "📣 {count} announcement messages failed",
            d.announcements.failed,
        ).format(count=d.announcements.failed),
        t.ngettext(
            "📣 {count} announcement message blocked",
            "📣 {count} announcement messages blocked",
            d.announcements.blocked,
        ).format(count=d.announcements.blocked),
    ]
    if d.per_hour:
        lines += ["", t.gettext("Questions per hour (answered):")]
        lines += [
            t.gettext("{day} {time}: {asked} ({answered})").format(
                day=t.short_day(t.local_day(hour)), time=t.time(hour), asked=asked, answered=ok
            )
            for hour, asked, ok in d.per_hour
        ]
    return "\n".join(lines)


def chart(d: Dashboard, t: Translator) -> bytes:
    """Questions per hour over the meeting days as a PNG bar chart (matplotlib, Agg).

    The Figure is built without pyplot, so no global state or GUI backend is involved and it
    can run in a worker thread.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    labels = [f"{t.short_day(t.local_day(h))}\n{t.time(h)}" for h, _, _ in d.per_hour]
    positions = range(len(labels))
    answered = [ok for _, _, ok in d.per_hour]
    unanswered = [asked - ok for _, asked, ok in d.per_hour]
    axes.bar(positions, answered, color="#3a7d44", label=t.gettext("answered"))
    axes.bar(
        positions, unanswered, bottom=answered, color="#d1495b", label=t.gettext("“I don't know”")
    )
    axes.set_xticks(list(positions), labels, fontsize=7)
    axes.set_ylabel(t.gettext("questions"))
    axes.set_title(t.gettext("Questions per hour"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend()
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
