"""Free-text questions in, what the delegate meant out: the answer engine.

``engine`` is the entry (``build_answerer``): it folds the text (``text``, ``lexicon``), reads the
time and place asked about (``asked_time``, ``rooms``), ranks candidates from the lexical index
(``index``) and the sentence encoder (``semantic``, ``encoder``, ``embedding_cache``), and lets
``hybrid`` choose or say "I don't know". What it understood is typed (``understood``: a session,
an FAQ entry, a room, a day, a fallback with suggestions...), and ``render`` is the one place it
becomes a reply. ``written_language`` tells which language a question is in.

May import: ``bot.event``, ``bot.i18n``, ``bot.ui``. Nothing here knows Telegram or SQLite
(the embedding cache is its own file).
"""
