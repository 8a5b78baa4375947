"""The figures of one deadline-day run (bench/load.sh): per request type, what it waited for.

    .venv/bin/python bench/load_report.py cpu OUT/cpu-start.json PID  # CPU seconds per group (PID: gunicorn)
    .venv/bin/python bench/load_report.py OUT                      # the tables of the run in OUT

Reads locust's OUT/locust_stats.csv (throughput, p50/p95/p99), OUT/waits.txt (what the
server's database sessions waited for, sampled every second), and the CPU seconds of gunicorn,
of the PostgreSQL backends of the load's database (two snapshots from /proc, before and after),
of locust (OUT/locust-cpu.json) and of everything else (other engineers' work on the machine).
"""

import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
WRITES = ("save", "submit", "approve", "return")


def group(pid: int, ppid: int, cmdline: str, database: str, server: int) -> str:
    # Other engineers run gunicorn too (make run in their tests): only this run's master and workers count.
    if server in (pid, ppid):
        return "gunicorn"
    if "locust" in cmdline:
        return "locust"
    if cmdline.startswith("postgres:") and f" {database} " in cmdline:
        return "postgres (load database)"
    return "everything else"


def cpu_snapshot(database: str, server: int) -> dict[str, float]:
    seconds: Counter[str] = Counter()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        name = group(int(proc.name), int(fields[1]), cmdline, database, server)
        seconds[name] += (int(fields[11]) + int(fields[12])) / TICKS
    line = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    seconds["machine busy"] = (sum(map(int, line)) - int(line[3]) - int(line[4])) / TICKS
    seconds["machine total"] = sum(map(int, line)) / TICKS
    return dict(seconds)


def requests_table(out: Path) -> None:
    rows = list(csv.DictReader((out / "locust_stats.csv").open()))
    print("| request | count | failures | per second | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    writes = 0.0
    for r in rows:
        print(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {float(r['Requests/s']):.1f} "
              f"| {r['50%']} | {r['95%']} | {r['99%']} | {float(r['Max Response Time']):.0f} |")
        if r["Name"] in ("save", "submit"):
            writes += float(r["Requests/s"])
    print(f"\nsaves + submissions per second: {writes:.1f}")


def waits_table(out: Path) -> None:
    samples: Counter[str] = Counter()
    seconds = 0
    for line in (out / "waits.txt").read_text().splitlines():
        event, _sep, count = line.rpartition("|")
        if event == "sample":
            seconds += 1
        else:
            samples[event] += int(count)
    total = sum(samples.values()) or 1
    print("\nactive database sessions of the load, by what they waited for (1 sample a second):")
    for event, n in samples.most_common(8):
        print(f"  {event}: {n} session-samples ({100 * n / total:.0f} %)")
    print(f"  {total / max(seconds, 1):.1f} sessions active on average over {seconds} samples")


def cpu_table(out: Path) -> None:
    start = json.loads((out / "cpu-start.json").read_text())
    end = json.loads((out / "cpu-end.json").read_text())
    wall = (end["machine total"] - start["machine total"]) / (os.cpu_count() or 1)
    used = {name: end[name] - start.get(name, 0) for name in ("gunicorn", "postgres (load database)")}
    locust = out / "locust-cpu.json"
    generator = json.loads(locust.read_text())["seconds"] if locust.exists() else 0
    used["locust (the load generator, same machine)"] = generator
    busy = end["machine busy"] - start["machine busy"]
    # Processes that ended during the run (others' test runs) are only in the machine's total.
    used["everything else (other engineers' work)"] = busy - sum(used.values())
    print(f"\nCPU over the run ({wall:.0f} s wall, {os.cpu_count()} cores; the machine was busy "
          f"{busy / wall:.2f} cores on average):")
    for name, seconds in used.items():
        print(f"  {name}: {seconds:.0f} s of CPU, {seconds / wall:.2f} cores")
    # CPU per request does not depend on how busy the machine was: it gives the capacity of 2 idle cores.
    requests = sum(int(r["Request Count"]) for r in csv.DictReader((out / "locust_stats.csv").open())
                   if r["Name"] != "Aggregated")
    server = used["gunicorn"] + used["postgres (load database)"]
    if requests:
        print(f"  per request: {1000 * used['gunicorn'] / requests:.1f} ms gunicorn + "
              f"{1000 * used['postgres (load database)'] / requests:.1f} ms PostgreSQL; "
              f"2 idle cores would serve ≈ {2 * requests / server:.0f} such requests per second")


def main() -> None:
    if sys.argv[1] == "cpu":
        database = os.environ.get("DATABASE_URL", "greenplan_load").rsplit("/", 1)[-1]
        Path(sys.argv[2]).write_text(json.dumps(cpu_snapshot(database, int(sys.argv[3]))))
        return
    out = Path(sys.argv[1])
    requests_table(out)
    waits_table(out)
    if (out / "cpu-end.json").exists():
        cpu_table(out)
    print("\nload average:", " / ".join(line.split("load average:")[1].strip()
                                       for line in (out / "uptime.txt").read_text().splitlines()))


if __name__ == "__main__":
    main()
