"""Conformance on columns (conform/columnar.py) gives what the case-by-case stream gives, on every
shipped process and on the ways logs are written; logs it does not read go to the stream."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import approvalnet  # noqa: E402
from approvalnet.cli import main  # noqa: E402
from approvalnet.conform import columnar, conform  # noqa: E402
from approvalnet.eventlog import LogColumns, LogError, LogOptions  # noqa: E402
from approvalnet.paths import is_calendar_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KUNMING = sorted(p for p in (ROOT / "processes" / "kunming").glob("*.yaml")
                 if p.name != "centre.yaml" and not is_calendar_file(p))
FOOD = ROOT / "processes" / "kunming" / "food-business-licence.yaml"


def both(process, log: Path, **options) -> tuple[dict, dict]:
    """The stream's and the columns' JSON, without the run's own figures."""
    stream = conform(process, log, columnar=False, **options).to_json()
    columns = conform(process, log, **options).to_json()
    for data in (stream, columns):
        for key in ("seconds", "cases_per_second"):
            data.pop(key)
    return stream, columns


def used_columns(process, log: Path, **kw) -> bool:
    from approvalnet.conform.core import CompiledNet, Diagnoser, LimitChecker, LogClock, activity_map, pm4py_net

    net, initial, final = pm4py_net(process)
    compiled = CompiledNet.of(net, initial, final, {s.id: i for i, s in enumerate(process.steps)})
    found = columnar.tally(log, kw.get("columns", LogColumns()), kw.get("options", LogOptions()),
                           activity_map(process, None), Diagnoser(process, compiled),
                           LimitChecker(process, LogClock(process)))
    return found is not None


@pytest.fixture(scope="module")
def simulated(tmp_path_factory) -> dict[Path, Path]:
    folder = tmp_path_factory.mktemp("columnar")
    logs = {}
    for n, path in enumerate(KUNMING):
        log = folder / f"{path.stem}.csv"
        assert main(["simulate", str(path), "--cases", "120", "--seed", str(n), "--log", str(log),
                                     "--format", "json"]) == 0
        logs[path] = log
    return logs


def test_every_shipped_process_the_same_both_ways(simulated, capsys):
    capsys.readouterr()
    late = 0
    for path, log in simulated.items():
        process = approvalnet.load(path)
        assert used_columns(process, log), path
        stream, columns = both(process, log)
        assert stream == columns, path
        late += bool(stream["lateness"])
    assert late >= 3  # where the late cases' time went is compared too


def rewrite(source: Path, target: Path, change) -> Path:
    with open(source, encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    header, rows = change(header, rows)
    with open(target, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return target


@pytest.mark.parametrize("name", ["naive", "utc", "unknown", "instances", "crlf-bom", "parquet"])
def test_the_ways_logs_are_written(simulated, tmp_path, name):
    process = approvalnet.load(FOOD)
    source = simulated[FOOD]
    t = header_index = None

    def naive(header, rows):
        i = header.index("timestamp")
        return header, [[*r[:i], r[i][:-6], *r[i + 1:]] for r in rows]

    def utc(header, rows):
        import datetime

        i = header.index("timestamp")
        out = []
        for r in rows:
            when = datetime.datetime.fromisoformat(r[i]).astimezone(datetime.UTC)
            out.append([*r[:i], when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", *r[i + 1:]])
        return header, out

    def unknown(header, rows):
        i = header.index("activity")
        # an activity the process does not have, in every seventh case (its start and its complete)
        return header, [[*r[:i], "电话咨询" if int(r[0]) % 7 == 0 and r[i] == "收件" else r[i], *r[i + 1:]]
                        for r in rows]

    def instances(header, rows):
        # one row per activity instance with its start: the start-timestamp form
        i, life, t = header.index("activity"), header.index("lifecycle"), header.index("timestamp")
        out, opened = [], {}
        for r in rows:
            key = (r[0], r[i])
            if r[life] == "start":
                opened.setdefault(key, []).append(r[t])
            else:
                out.append([r[0], r[i], opened[key].pop(0), r[t]])
        return ["case_id", "activity", "start_timestamp", "timestamp"], out

    del t, header_index
    if name == "crlf-bom":
        log = tmp_path / "log.csv"
        log.write_bytes(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n"))
    elif name == "parquet":
        import pyarrow.csv as pacsv

        log = tmp_path / "log.parquet"
        pq.write_table(pacsv.read_csv(source, convert_options=pacsv.ConvertOptions(
            column_types={"case_id": pa.string(), "timestamp": pa.string()})), log)
    else:
        log = rewrite(source, tmp_path / "log.csv", {"naive": naive, "utc": utc, "unknown": unknown,
                                                      "instances": instances}[name])
    assert used_columns(process, log), name
    stream, columns = both(process, log)
    assert stream == columns


@pytest.mark.parametrize("name", ["shuffled", "loose-dates", "other-lifecycle", "empty-case"])
def test_logs_it_does_not_read_go_to_the_stream(simulated, tmp_path, name):
    process = approvalnet.load(FOOD)
    source = simulated[FOOD]

    def shuffled(header, rows):
        rows = list(rows)
        random.Random(3).shuffle(rows)
        return header, rows

    def loose(header, rows):
        i = header.index("timestamp")
        return header, [[*r[:i], r[i][:19].replace("-", "/").replace("T", " "), *r[i + 1:]] for r in rows]

    def other(header, rows):
        i = header.index("lifecycle")
        return header, [*rows[:1], [*rows[0][:i], "schedule", *rows[0][i + 1:]], *rows[1:]]

    def empty(header, rows):
        return header, [["", *rows[0][1:]], *rows[1:]]

    log = rewrite(source, tmp_path / "log.csv", {"shuffled": shuffled, "loose-dates": loose,
                                                  "other-lifecycle": other, "empty-case": empty}[name])
    assert not used_columns(process, log)
    if name == "empty-case":
        with pytest.raises(LogError):
            conform(process, log)
        return
    stream, columns = both(process, log)
    assert stream == columns
