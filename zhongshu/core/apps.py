import argparse
import sys
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
    parser.add_argument(
        "--heldout",
        metavar="PATH",
        action="append",
        default=[],
        help="a file of clean sentences held out of the model's training, one a line (repeatable): the "
        "default run's false-alarm rates on them, and 的/地/得 figures on cases generated from them",
    )


def _proofread_bench(options: argparse.Namespace) -> dict[str, Any]:
    from zhongshu.proofreader.bench import flat_figures, run_bench

    missing = [
        f"{option} not given: no {what} (a clone has no evaluation data; name the files)"
        for option, given, what in (
            ("--ecspell PATH", options.ecspell, "ecspell_* figures"),
            ("--heldout PATH", options.heldout, "heldout_* or de_di_de_* figures"),
        )
        if not given
    ]
    for line in missing:
        print(f"zhongshu bench proofread: {line}", file=sys.stderr)
    return flat_figures(
        run_bench(
            runs=options.runs,
            peer=not options.no_peer,
            ecspell=options.ecspell,
            heldout=options.heldout,
        )
    )
