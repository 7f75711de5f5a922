"""Benchmark: the same pure-Python work under each Python 3.11 on this machine (#11).

    python3 bench/interpreters.py [--rounds 5]

scripts/lib.sh builds .venv from the operating system's python3.11 before one
found on PATH (e.g. a pyenv shim). This prints why: the CPU seconds each
interpreter spends on one workload (objects, dicts, string formatting, JSON,
regular expressions, as a Django request mixes them), round by round, the
interpreters taking turns so the host's changing speed hits them alike, and each
one's median as a ratio to the fastest. It needs only the standard library.
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

WORK = r"""
import json, re, time

class Row:
    def __init__(self, n):
        self.n = n
        self.fields = {"id": n, "name": "row %d" % n}

    def size(self, extra):
        return self.n + extra + len(self.fields)

def work():
    total = 0
    for i in range(200_000):
        total += Row(i).size(i)
        total += len({"k%d" % (i % 50): i, "v": [i, str(i)]})
    json.loads(json.dumps([{"a": i, "b": str(i)} for i in range(20_000)]))
    pattern = re.compile(r"(\w+)=(\d+)")
    for i in range(20_000):
        pattern.match("key=%d" % i)
    return total

started = time.process_time()
for _ in range(3):
    work()
print(time.process_time() - started)
"""


def interpreters() -> list[str]:
    """Every python3.11 on PATH and the operating system's, once each by real path."""
    found: dict[Path, str] = {}
    places = ["/usr/bin", *os.environ.get("PATH", "").split(os.pathsep)]
    for folder in places:
        candidate = Path(folder) / "python3.11"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            real = _real_interpreter(candidate)
            if real is not None:
                found.setdefault(real, str(candidate))
    return list(found.values())


def _real_interpreter(candidate: Path) -> Path | None:
    """The executable behind a path (a pyenv shim is a script), or None if not 3.11."""
    probe = subprocess.run(
        [
            str(candidate),
            "-c",
            "import sys; print(sys.executable, sys.version_info[:2] == (3, 11))",
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0 or not probe.stdout.strip().endswith("True"):
        return None
    return Path(probe.stdout.split()[0]).resolve()


def cpu_seconds(python: str) -> float:
    done = subprocess.run([python, "-c", WORK], capture_output=True, text=True, check=True)
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    pythons = interpreters()
    if not pythons:
        sys.exit("No python3.11 found on PATH or in /usr/bin.")
    times: dict[str, list[float]] = {python: [] for python in pythons}
    for number in range(1, options.rounds + 1):
        for python in pythons:
            times[python].append(cpu_seconds(python))
        print(f"round {number}: " + "  ".join(f"{p} {times[p][-1]:.2f} s" for p in pythons))
    medians = {python: statistics.median(values) for python, values in times.items()}
    fastest = min(medians.values())
    for python, median in sorted(medians.items(), key=lambda item: item[1]):
        version = subprocess.run(
            [python, "-c", "import sys; print(sys.version.split()[0], sys.executable)"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"{python:40} median {median:.2f} CPU-s  ×{median / fastest:.2f}  ({version})")


if __name__ == "__main__":
    main()
