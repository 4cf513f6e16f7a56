"""Organisers' announcements: the draft, its audience, its screens and its reports.

``model`` is the draft, its audience and its statuses, ``store`` the rows in SQLite,
``planning`` who gets it and what each of them gets when it leaves, ``screens`` what the
organiser sees while drafting, ``reports`` progress and who got it, ``send_time`` reads a typed
time. Delivery itself is ``bot.fanout``.

May import: ``bot.event``, ``bot.i18n``, ``bot.storage``, ``bot.ui``, ``bot.fanout``,
``bot.agenda`` (a session's followers).
"""
