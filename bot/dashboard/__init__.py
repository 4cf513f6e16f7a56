"""The organisers' dashboard: onboarding codes (QR with a source) and the figures they feed.

May import: ``bot.config``, ``bot.event``, ``bot.i18n``, ``bot.storage``, ``bot.programme``.
"""
