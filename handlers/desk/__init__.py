"""What organisers do: announcements, news, hand-offs, reloads, statistics.

Every action checks the organiser's rights (``organisers``), callback queries included: any
client can forge callback data. Each module lists its handlers in ``handlers(settings)``. May
import: ``bot``, and the glue every handler shares (``handlers.common``, ``context``,
``expired``, ``reminder_jobs``, ``transport``); never ``handlers.delegate``.
"""
