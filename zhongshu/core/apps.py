import argparse
from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhongshu.core"
    label = "core"
    verbose_name = "平台"

    def ready(self) -> None:
        from zhongshu.core.bench import register_bench

        # The proofreader is a plain package with no Django import; its bench is registered here.
        register_bench(
            "proofread",
            _proofread_bench,
            add_arguments=_proofread_arguments,
            description="proofreader: precision and recall per category on the dev set, clean-text false "
            "positives, speed, and the peer pycorrector side by side",
        )


def _proofread_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=7, help="timed runs of the 10,000-character document")
    parser.add_argument("--no-peer", action="store_true", help="skip pycorrector")


def _proofread_bench(options: argparse.Namespace) -> dict[str, Any]:
    from zhongshu.proofreader.bench import flat_figures, run_bench

    return flat_figures(run_bench(runs=options.runs, peer=not options.no_peer))
