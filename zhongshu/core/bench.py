"""The bench registry: each module registers named benchmarks that `zhongshu bench NAME` runs.

A bench's `run` takes the parsed arguments and returns its figures as a flat dict whose keys carry their
units (`append_events_per_s`, `sm3_mb_per_s`), so the plain and the `--json` output say the same thing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

Figures = dict[str, int | float | str]


@dataclass(frozen=True)
class Bench:
    name: str
    run: Callable[[argparse.Namespace], Figures]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None
    description: str


_BENCHES: dict[str, Bench] = {}


def register_bench(
    name: str,
    run: Callable[[argparse.Namespace], Figures],
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
    description: str = "",
) -> None:
    """Register a bench. Registering the same name again replaces it (apps may be set up twice)."""
    _BENCHES[name] = Bench(name, run, add_arguments, description)


def get_bench(name: str) -> Bench | None:
    return _BENCHES.get(name)


def known_benches() -> list[Bench]:
    return [_BENCHES[name] for name in sorted(_BENCHES)]


def bench_parser(bench: Bench) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"zhongshu bench {bench.name}", description=bench.description)
    parser.add_argument("--json", action="store_true", help="print one JSON object with the figures")
    if bench.add_arguments is not None:
        bench.add_arguments(parser)
    return parser


# A bench may be measured by more than one module: the information bench's data (units and years of items) is
# also what the reporting module's compliance view is timed over. A part adds its figures to a named bench
# without the bench's module importing it: `part(options, context, notes) -> figures`, run inside the bench's
# scratch database after the bench's own data is built (context carries what the bench built: unit ids, today).
BenchPart = Callable[[argparse.Namespace, dict[str, object], list[str]], Figures]
_PARTS: dict[str, dict[str, BenchPart]] = {}


def register_bench_part(bench: str, name: str, part: BenchPart) -> None:
    _PARTS.setdefault(bench, {})[name] = part


def bench_parts(bench: str) -> list[tuple[str, BenchPart]]:
    return sorted(_PARTS.get(bench, {}).items())
