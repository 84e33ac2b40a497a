"""How fast the working calendar converts between calendar time and office time.

``to_working`` and ``to_calendar`` run for every step of every simulated case and for every event of
a checked log. The script times them one by one and on arrays (``to_working_many``,
``to_calendar_many``) over a few years, on the default calendar (every working day the same office
periods: plain arithmetic) and on one with Saturday service and a shorter Friday (days of different
lengths: a binary search over the working days), and prints conversions per second.

    .venv/bin/python benchmarks/work_calendar.py [--n 200000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import time
import warnings

from approvalnet.language.calendar import DAY, CalendarData, WorkCalendar


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rng = random.Random(1)
    calendars = {
        "default (one kind of day)": WorkCalendar(start="2024-01-01"),
        "Saturday service, short Friday": WorkCalendar(start="2024-01-01", data=CalendarData(
            hours={"saturday": ("09:00-12:00",), "friday": ("09:00-12:00", "13:30-16:30")})),
    }
    instants = [rng.uniform(0, 700 * DAY) for _ in range(args.n)]
    print(f"{args.n:,} conversions, best of {args.repeat}, over the years 2024-2025\n")
    print("| calendar | to_working /s | to_calendar /s | to_working_many /s | to_calendar_many /s |")
    print("|---|---|---|---|---|")
    for name, calendar in calendars.items():
        works = [calendar.to_working(t) for t in instants]  # warm: every day scanned
        calendar.to_calendar_many(works)
        to_working, to_calendar = calendar.to_working, calendar.to_calendar
        a = best(args.repeat, lambda: [to_working(t) for t in instants])  # noqa: B023
        b = best(args.repeat, lambda: [to_calendar(w) for w in works])  # noqa: B023
        c = best(args.repeat, lambda: calendar.to_working_many(instants))  # noqa: B023
        d = best(args.repeat, lambda: calendar.to_calendar_many(works))  # noqa: B023
        print(f"| {name} | {args.n / a:,.0f} | {args.n / b:,.0f} | {args.n / c:,.0f} | {args.n / d:,.0f} |")


if __name__ == "__main__":
    main()
