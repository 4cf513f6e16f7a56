"""What a delegate does in the chat: menu, programme, venue, questions, follows, reminders,
calendar, language, about, forgetting their data.

Each module reads the update, calls the core (``bot/``) through ``context.svc`` and sends the
reply. May import: ``bot``, ``handlers.common``.
"""
