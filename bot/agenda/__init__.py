"""A delegate's own programme: follows, reminders, calendar, change notices.

``follows`` stores who follows what and their reminder settings, ``reminders`` plans each
reminder's moment and its recipients, ``screens`` renders reminders and settings,
``calendar`` exports an .ics file, ``change_notices`` decides who hears of a programme change
and what they are told.

May import: ``bot.event``, ``bot.i18n``, ``bot.clock``, ``bot.storage``, ``bot.ui``,
``bot.fanout``, ``bot.programme``.
"""
