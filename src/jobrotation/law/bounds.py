"""The bounds of what can be typed, per kind of field.

The law sets no such limits: LAB and the executive orders say nothing of a 500-hour week
or a wage of 10 mia. kr. an hour. These bounds lie beyond any real case; they only keep
nonsense out (a typo stays a typo, not a subsidy) and keep the arithmetic in range
(month arithmetic on year 9999 overflows, 1e308 kr. does not fit in øre). The rules of
the scheme — the caps and thresholds that decide a case — are the law's parameters in
``parameters/``, never these.

Amounts are in kroner as a user types them (not øre); each bound is inclusive.
"""

from __future__ import annotations

import datetime as dt

MAX_WEEK_HOURS = 80  # hours a week (in training, at work)
MAX_DAY_HOURS = 24  # hours a day

FIRST_DAY = dt.date(2000, 1, 1)  # any date a case gives
FIRST_PAST_DAY = dt.date(1900, 1, 1)  # a date in a person's history (employed since …)
LAST_DAY = dt.date(2100, 12, 31)

MAX_HOURLY_WAGE = 10_000  # kr. an hour
MAX_MONTHLY_BENEFIT = 100_000  # kr. a month
# kr. (1.000 mia.): a sum — a year's wage costs, a year's public aid, a course fee
MAX_AMOUNT = 1_000_000_000_000

MAX_MONTHS = 1200  # a count of months (100 years)
MAX_EMPLOYEES = 10_000_000  # a count of employees
