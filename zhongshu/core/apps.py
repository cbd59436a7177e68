import argparse
from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhongshu.core"
    label = "core"
    verbose_name = "平台"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from zhongshu.core.bench import register_bench
        from zhongshu.core.inputs import refuse_overlong_text

        # Every model's text against its column's max_length, whichever path writes it (issue 14, finding 9).
        pre_save.connect(refuse_overlong_text, dispatch_uid="zhongshu.core.refuse_overlong_text")

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
    parser.add_argument(
        "--ecspell",
        metavar="PATH",
        help="also score ECSpell's tab-separated file at PATH (n_wrong, source, target)",
    )


def _proofread_bench(options: argparse.Namespace) -> dict[str, Any]:
    from zhongshu.proofreader.bench import flat_figures, run_bench

    return flat_figures(run_bench(runs=options.runs, peer=not options.no_peer, ecspell=options.ecspell))
