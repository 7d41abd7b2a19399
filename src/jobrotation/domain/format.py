"""Danish (and English) formatting of money, dates, hours and answers, via Babel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from jobrotation.domain.units import kroner

# Parsed once: Babel otherwise parses the locale on every call (most of an API answer's
# formatting time).
DANISH_TIME = ZoneInfo("Europe/Copenhagen")
LOCALES = {"da": Locale.parse("da_DK"), "en": Locale.parse("en_GB")}


def money(ore: int | None, lang: str = "da") -> str:
    """``751729`` → ``7.517,29 kr.`` (``DKK 7,517.29`` in English)."""
    if ore is None:
        return "ukendt" if lang == "da" else "unknown"
    amount = format_decimal(kroner(ore), format="#,##0.00", locale=LOCALES[lang])
    return f"{amount} kr." if lang == "da" else f"DKK {amount}"


def day(value: dt.date | None, lang: str = "da") -> str:
    """``2026-03-02`` → ``2. marts 2026``."""
    if value is None:
        return "ukendt" if lang == "da" else "unknown"
    return format_date(value, format="d. MMMM y" if lang == "da" else "d MMMM y",
                       locale=LOCALES[lang])


def moment(value: dt.datetime, lang: str = "da") -> str:
    """An aware time → ``2. marts 2024 kl. 09:15`` in Danish local time."""
    local = value.astimezone(DANISH_TIME)
    return f"{day(local.date(), lang)} {'kl.' if lang == 'da' else 'at'} {local:%H:%M}"


def number(value: float | int | Decimal | None, lang: str = "da") -> str:
    """``9.99`` → ``9,99``; whole numbers without decimals."""
    if value is None:
        return "ukendt" if lang == "da" else "unknown"
    return format_decimal(value, format="#,##0.##", locale=LOCALES[lang])


def yes_no(value: bool | None, lang: str = "da") -> str:
    if value is None:
        return "ukendt" if lang == "da" else "unknown"
    if lang == "da":
        return "ja" if value else "nej"
    return "yes" if value else "no"


def iso_week(value: dt.date, lang: str = "da") -> str:
    """``uge 10 2026`` from the ISO calendar (Danish weeks are ISO weeks)."""
    year, week, _ = value.isocalendar()
    return f"uge {week} {year}" if lang == "da" else f"week {week} {year}"


def plain(value: Any, lang: str = "da") -> str:
    """A value of unknown kind, formatted as well as its type allows."""
    if isinstance(value, bool) or value is None:
        return yes_no(value, lang)
    if isinstance(value, dt.date):
        return day(value, lang)
    if isinstance(value, int | float | Decimal):
        return number(value, lang)
    return str(value)
