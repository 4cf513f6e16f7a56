"""Translations and locale-aware formatting, one ``Translator`` per delegate language.

Catalogs are compiled from the ``.po`` files in memory when the bot starts (``preload``), so
a stale ``.mo`` can never show an old text. Translators are passed explicitly (never a context
variable): with python-telegram-bot a locale set for one update would leak into the next one.

The ``Translator`` is the one place where text is rendered for a language: catalog strings,
event texts and organisers' texts all leave it with the language's typographic spaces
(``bot.typography``), and every date leaves it in the event's locale for that language
(British English unless the event file says otherwise).
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time, match_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.event import Event, Text
from bot.typography import typeset

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
# An international meeting's English is British: "Wednesday 6 November", not "November 6".
DEFAULT_LOCALES = {"en": "en_GB"}


def date_locale(language: str, chosen: str | None = None) -> str:
    """The CLDR locale that writes ``language``'s dates: the event's choice, else the default."""
    return chosen or DEFAULT_LOCALES.get(language, language)


def catalog_path(language: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_languages(locales_dir: Path = LOCALES_DIR) -> tuple[str, ...]:
    """The languages the bot has a catalog for: an event may offer only these, or delegates
    would read its menus in English under another language's name."""
    pattern = catalog_path("*", locales_dir).relative_to(locales_dir)
    return tuple(
        sorted(path.relative_to(locales_dir).parts[0] for path in locales_dir.glob(str(pattern)))
    )


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


def preload(
    languages: Iterable[str],
    locales_dir: Path = LOCALES_DIR,
    chosen: Mapping[str, str] | None = None,
) -> None:
    """Compile each catalog and read its CLDR data now, at start-up: otherwise the first
    delegate to write in each language waits for it (tens of milliseconds). ``chosen`` is the
    event's locale per language (``Event.locales``)."""
    for language in languages:
        _translations(language, locales_dir)
        region = (chosen or {}).get(language)
        Translator(language, ZoneInfo("UTC"), locales_dir, region).day(date(2000, 1, 1))


@dataclass(frozen=True)
class Translator:
    """Everything a view needs to speak one language in the event's time zone."""

    language: str
    timezone: ZoneInfo
    locales_dir: Path = LOCALES_DIR
    # the CLDR locale for dates and language names ("en_GB"); None: ``DEFAULT_LOCALES``
    region_locale: str | None = None

    @property
    def _catalog(self) -> gettext.NullTranslations:
        return _translations(self.language, self.locales_dir)

    @property
    def locale(self) -> Locale:
        return _locale(date_locale(self.language, self.region_locale))

    def gettext(self, message: str) -> str:
        return typeset(self._catalog.gettext(message), self.language)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return typeset(self._catalog.ngettext(singular, plural, count), self.language)

    def text(self, text: Text | None) -> str:
        """An event file's text in this language (or the event's default), typeset."""
        return typeset(text.get(self.language), self.language) if text else ""

    def typeset(self, text: str) -> str:
        """Any other text shown in this language (an organiser's message, a FAQ phrasing)."""
        return typeset(text, self.language)

    def day(self, day: date) -> str:
        """'miércoles, 6 de noviembre' / 'mercredi 6 novembre' / 'Wednesday, November 6'."""
        return format_date(day, format=_day_pattern(self.locale), locale=self.locale)

    def date_with_year(self, day: date) -> str:
        """'viernes, 7 de noviembre de 2025': where the year is what may be wrong."""
        return format_date(day, format="full", locale=self.locale)

    def short_day(self, day: date) -> str:
        """'mié 6 nov' style label for buttons, where space is short."""
        return format_skeleton("MMMEd", day, locale=self.locale)

    def time(self, moment: datetime) -> str:
        return format_time(moment.astimezone(self.timezone), "HH:mm", locale=self.locale)

    def clock(self, at: time) -> str:
        """A time of day without a date ('07:30'), as ``time`` writes moments."""
        return format_time(at, "HH:mm", locale=self.locale)

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
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


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


def for_event(event: Event, language: str) -> Translator:
    """The translator for one of the event's languages (or its default), in its zone and with
    the locale the event file chose for that language's dates."""
    language = event.language_or_default(language)
    return Translator(language, event.timezone, region_locale=event.locales.get(language))
