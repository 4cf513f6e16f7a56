"""What organisers are told about a reminder or change notice that Telegram refused.

Announcements have their own live report (``bot/announcements/reports.py``); reminders and change
notices run unattended, so when one is stopped the organisers get this notice instead of a
log line nobody reads.
"""

from __future__ import annotations

from bot.fanout.delivery import DeliveryReport
from bot.fanout.outbox import Status
from bot.i18n import Translator
from bot.ui.views import esc


def stopped_notice(t: Translator, report: DeliveryReport) -> str:
    sent = report.counts.get(Status.SENT, 0)
    left = sum(report.counts.values()) - sent
    head = t.gettext(
        "⛔ Delivery {job} was stopped: Telegram refused the message itself ({reason})."
    ).format(job=esc(report.job), reason=esc(report.stopped_reason or ""))
    got = t.ngettext(
        "{count} delegate had received it.", "{count} delegates had received it.", sent
    ).format(count=sent)
    missed = t.ngettext(
        "{count} delegate will not get it.", "{count} delegates will not get it.", left
    ).format(count=left)
    return "\n".join([head, got, missed])
