"""Reading organisers' programmes (iCalendar, frab XML/JSON, CSV/XLSX) into event sessions.

Organisers keep their programme in a spreadsheet, Indico or pretalx, not in YAML. Each reader
turns one format into ``ImportedSession`` values and reports every problem with where it is in
the source; ``bot.programme.importers.programme`` checks what no single format can (ids, overlaps),
and ``bot.programme.importers.event_file`` writes the result into an event file.
"""
