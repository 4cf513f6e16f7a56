"""What a delegate does in the chat: menu, programme, venue, questions, follows, reminders,
calendar, language, about, forgetting their data.

Each module reads the update, calls the core (``bot/``) through ``context.svc`` and sends the
reply, and lists its commands and buttons in ``handlers(settings)``, which ``handlers/app.py``
registers. May import: ``bot``, and the glue every handler shares (``handlers.common``,
``context``, ``expired``, ``reminder_jobs``); never ``handlers.desk``.
"""
