"""The event file and its history: loading, change detection, snapshots, imports.

``loader`` turns the YAML file into ``bot.event.Event`` (every error as ``FILE:LINE``),
``snapshots`` keeps the programme as delegates last saw it, ``changes`` compares the two,
``importers`` read spreadsheets, iCalendar and frab into an event file (``import_command``),
``samples`` flags placeholder text left in a file.

May import: ``bot.event``, ``bot.i18n``, ``bot.storage``, ``bot.ui``.
"""
