"""Translations and locale-aware formatting, one ``Translator`` per delegate language.

Catalogs are compiled from the ``.po`` files in memory when the bot starts (``preload``), so
a stale ``.mo`` can never show an old text. Translators are passed explicitly (never a context
variable): with python-telegram-bot a locale set for one update would leak into the next one.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time, match_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


def catalog_path(language: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(language: str, locales_dir: Path) -> gettext.NullTranslations:
    path = catalog_path(language, locales_dir)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def preload(languages: Iterable[str], locales_dir: Path = LOCALES_DIR) -> None:
    """Compile each catalog and read its CLDR data now, at start-up: otherwise the first
    delegate to write in each language waits for it (tens of milliseconds)."""
    for language in languages:
        _translations(language, locales_dir)
        Translator(language, ZoneInfo("UTC"), locales_dir).day(date(2000, 1, 1))


@dataclass(frozen=True)
class Translator:
    """Everything a view needs to speak one language in the event's time zone."""

    language: str
    timezone: ZoneInfo
    locales_dir: Path = LOCALES_DIR

    @property
    def _catalog(self) -> gettext.NullTranslations:
        return _translations(self.language, self.locales_dir)

    @property
    def locale(self) -> Locale:
        try:
            return Locale.parse(self.language)
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._catalog.ngettext(singular, plural, count)

    def day(self, day: date) -> str:
        """'miércoles, 6 de noviembre' / 'mercredi 6 novembre' / 'Wednesday, November 6'."""
        return format_date(day, format=_day_pattern(self.locale), locale=self.locale)

    def short_day(self, day: date) -> str:
        """'mié 6 nov' style label for buttons, where space is short."""
        return format_skeleton("MMMEd", day, locale=self.locale)

    def time(self, moment: datetime) -> str:
        return format_time(moment.astimezone(self.timezone), "HH:mm", locale=self.locale)

    def time_range(self, start: datetime, end: datetime) -> str:
        return f"{self.time(start)}–{self.time(end)}"

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.timezone).date()

    def language_name(self, language: str) -> str:
        """A language's name in the delegate's language ('inglés' for a Spanish speaker)."""
        try:
            return Locale.parse(language).get_display_name(self.locale) or language
        except (UnknownLocaleError, ValueError):
            return language

    @staticmethod
    def own_language_name(language: str) -> str:
        """A language's name in itself ('Español', 'Français'): people look for their own."""
        try:
            name = Locale.parse(language).get_display_name(language) or language
        except (UnknownLocaleError, ValueError):
            return language
        return name[:1].upper() + name[1:]


@cache
def _day_pattern(locale: Locale) -> str:
    """CLDR's pattern for the full weekday, day and month, without the year.

    Babel's skeleton matching finds the closest CLDR pattern ('MMMMEd' for most locales) but
    does not widen its fields, so the abbreviated weekday is widened here.
    """
    skeleton = match_skeleton("MMMMEEEEd", locale.datetime_skeletons) or "MMMMEd"
    pattern = str(locale.datetime_skeletons[skeleton])
    pattern = re.sub(r"E+|c+", "EEEE", pattern)
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)
