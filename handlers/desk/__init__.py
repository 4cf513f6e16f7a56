"""What organisers do: announcements, news, hand-offs, reloads, statistics.

Every action checks the organiser's rights (``organisers``), callback queries included. May
import: ``bot``, ``handlers.common``.
"""
