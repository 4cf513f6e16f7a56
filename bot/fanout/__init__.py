"""Getting many messages out within Telegram's limits, exactly once.

``outbox`` is the durable list of what is owed to whom (SQLite), ``budget`` the one pace every
send shares, ``sender`` the paced, retrying sender, ``delivery`` drains one outbox job through it,
``notices`` tells an organiser what a delivery could not do. Reminders, change notices and
announcements all leave through here.

May import: ``bot.i18n``, ``bot.clock``, ``bot.storage``, ``bot.ui``. No Telegram types: the
transport is ``handlers/transport.py``.
"""
