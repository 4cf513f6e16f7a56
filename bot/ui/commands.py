"""The bot's commands, one list for the Telegram command menu and for /help."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a msgid for extraction; it is translated where it is shown."""
    return message


DELEGATE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Welcome and main menu")),
    ("programme", N_("The programme, day by day")),
    ("now", N_("What is on now and next")),
    ("next", N_("What comes next")),
    ("venue", N_("Address, map, directions, wifi and rooms")),
    ("about", N_("About the meeting and frequent questions")),
    ("news", N_("Recent announcements from the organisers")),
    ("language", N_("Choose your language")),
    ("agenda", N_("The sessions you follow")),
    ("reminders", N_("Reminder settings")),
    ("calendar", N_("Add the sessions to your phone's calendar")),
    ("forget", N_("Delete what I store about you")),
    ("help", N_("Every command")),
)

# Listed only in organisers' own chats (a chat-scoped command menu); checked on every use.
ORGANISER_COMMANDS: tuple[tuple[str, str], ...] = (
    ("reload", N_("Reload the event file and announce changes")),
    ("broadcast", N_("Send an announcement to delegates")),
    ("broadcasts", N_("Past and scheduled announcements, with their counts")),
    ("faqexport", N_("The FAQ entries drafted from your answers, as YAML")),
    ("stats", N_("Dashboard: delegates, questions and deliveries")),
)
