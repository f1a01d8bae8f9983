"""Run the benchmarks: every ``benchmarks/bench_*.py`` module, or only those named.

Usage::

    python -m benchmarks                 # all of them (``make bench``)
    python -m benchmarks documents store # bench_documents.py and bench_store.py
    python -m benchmarks --list          # the names available

Each module's ``main()`` runs in its own interpreter, so one benchmark's imports,
caches and memory high-water mark never colour another's figures, and a failing
benchmark does not stop the rest (the exit code is 1 if any failed).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent


def available() -> list[str]:
    """Names of the benchmark modules (``bench_documents.py`` -> ``documents``), sorted."""
    return sorted(p.stem.removeprefix("bench_") for p in PACKAGE_DIR.glob("bench_*.py"))


def run(name: str) -> bool:
    """Run ``benchmarks.bench_<name>.main()`` in a fresh interpreter; True if it succeeded."""
    print(f"== {name} " + "=" * max(0, 70 - len(name)), flush=True)
    started = time.perf_counter()
    code = f"import benchmarks.bench_{name} as module; module.main()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    print(f"-- {name}: {status} in {elapsed:.1f} s\n", flush=True)
    return result.returncode == 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the chosen benchmarks, return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    names = available()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = [n for n in args.names if n.removeprefix("bench_") not in names]
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(names)})")
    chosen = [n.removeprefix("bench_") for n in args.names] or names
    failed = [name for name in chosen if not run(name)]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
