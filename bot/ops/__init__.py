"""Running the bot for a real meeting: hosting settings, health, metrics, logs, backups.

May import: ``bot.config``, ``bot.storage``.
"""
