"""Make a log with deviations from a simulated one, for trying ``approvalnet conform``.

    approvalnet simulate examples/joint-review.yaml --cases 300 --seed 1 --log simulated.csv
    python examples/make-deviations.py simulated.csv events.csv

Every tenth case loses one of its review steps (a decision without the review the standard
requires), every fourteenth has two of its first steps swapped, and every seventeenth is delivered
late. The changes are drawn from a fixed seed, so the same input gives the same output. The output
is a made-up log: no real case is in it.
"""

import csv
import datetime
import random
import sys


def main(source: str, target: str, seed: int = 7) -> None:
    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    cases: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        cases.setdefault(row["case_id"], []).append(row)
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    for n, events in enumerate(cases.values()):
        if n % 10 == 1:  # a review left out
            reviews = sorted({e["step"] for e in events if "review" in e["step"]})
            if reviews:
                skipped = rng.choice(reviews)
                events = [e for e in events if e["step"] != skipped]
        if n % 14 == 0 and len(events) > 3:  # the first two steps in the wrong order
            first, second = events[0]["step"], next(e["step"] for e in events if e["step"] != events[0]["step"])
            times = {e["step"]: e["timestamp"] for e in events}
            for e in events:
                if e["step"] in (first, second):
                    e["timestamp"] = times[second if e["step"] == first else first]
        if n % 17 == 5:  # delivered weeks after the decision
            for e in events:
                if e["step"] == "deliver":
                    when = datetime.datetime.fromisoformat(e["timestamp"]) + datetime.timedelta(days=45)
                    e["timestamp"] = when.isoformat(timespec="milliseconds")
        out.extend(events)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(out)
    print(f"wrote {target}: {len(cases)} cases, {len(out)} events (from {source})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
