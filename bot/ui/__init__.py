"""What every screen shares: ``Reply``/``Button``, HTML escaping, the main views, callback
data, the command list and message splitting.

May import: ``bot.event``, ``bot.i18n`` only: every feature package renders with it.
"""
