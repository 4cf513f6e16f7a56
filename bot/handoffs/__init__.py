"""Questions the bot could not answer, handed to the organisers and answered back.

``store`` keeps each hand-off and its answer, renders both sides' messages and exports answered
questions as FAQ entries.

May import: ``bot.event``, ``bot.i18n``, ``bot.clock``, ``bot.storage``, ``bot.ui``.
"""
