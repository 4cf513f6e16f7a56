"""Prometheus metrics: a handful of counters and gauges, served at ``/metrics``.

The instrumentation points are few on purpose: every update passes one handler (its own group),
every fan-out send passes the transport, and every free-text answer has its kind decided in
one place. A private registry keeps the process's default collectors (and tests that import
the module twice) out of the way.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

REGISTRY = CollectorRegistry()

UPDATES = Counter("meetingbot_updates", "Updates handled, by type", ["type"], registry=REGISTRY)
ANSWERS = Counter(
    "meetingbot_answers", "Free-text questions answered, by answer kind", ["kind"],
    registry=REGISTRY,
)  # fmt: skip
FALLBACKS = Counter(
    "meetingbot_fallbacks", "Questions that got the 'I don't know' fallback", registry=REGISTRY
)
SENDS = Counter(
    "meetingbot_sends", "Fan-out sends (reminders, announcements), by outcome", ["outcome"],
    registry=REGISTRY,
)  # fmt: skip
RATE_LIMITED = Counter(
    "meetingbot_rate_limited", "Requests Telegram answered 429 Too Many Requests",
    registry=REGISTRY,
)  # fmt: skip
OUTBOX_BACKLOG = Gauge(
    "meetingbot_outbox_backlog", "Outbox messages not yet sent (pending or in flight)",
    registry=REGISTRY,
)  # fmt: skip
REMINDER_LAG = Gauge(
    "meetingbot_reminder_lag_seconds", "How late the last reminder or digest job fired",
    registry=REGISTRY,
)  # fmt: skip


def exposition() -> bytes:
    """The Prometheus text format of every metric above."""
    return generate_latest(REGISTRY)
