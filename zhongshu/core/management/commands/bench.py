"""`zhongshu bench NAME [--json] [options]`: run a registered benchmark and print its figures."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhongshu.core.bench import bench_parser, get_bench, known_benches


class Command(BaseCommand):
    help = "Run a benchmark and print its figures (one per line, or one JSON object with --json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", default="", help="the bench to run")
        # The bench's own options (and --json) are parsed by the bench's parser, not Django's.
        parser.add_argument("options", nargs=argparse.REMAINDER)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        bench = get_bench(name)
        if bench is None:
            self.stderr.write(f"unknown bench {name!r}" if name else "name a bench to run")
            self.stderr.write("known benches:")
            for known in known_benches():
                self.stderr.write(f"  {known.name}  {known.description}")
            raise SystemExit(2)
        parser = bench_parser(bench)
        bench_args = parser.parse_args(options["options"])
        figures = bench.run(bench_args)
        if bench_args.json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")
