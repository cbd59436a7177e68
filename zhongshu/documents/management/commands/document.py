"""`zhongshu document render --demo [--type minutes] --out FILE.docx [--pdf FILE.pdf]`: inspect the GB/T 9704
layout offline (the demo 通知, or the demo 纪要 in its own format)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhongshu.core.errors import ServiceError
from zhongshu.documents.rendering.demo import DEMO_LAYOUTS
from zhongshu.documents.rendering.docx_writer import render_docx
from zhongshu.documents.rendering.pdf import render_pdf


class Command(BaseCommand):
    help = (
        "document render --demo [--type notice|minutes] --out FILE.docx [--pdf FILE.pdf]: render the demo 通知 "
        "with every element, or the demo 纪要"
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        render = actions.add_parser("render", help="render a document to DOCX (and PDF)")
        render.add_argument("--demo", action="store_true", help="the demo 通知 with every element filled")
        render.add_argument(
            "--type",
            dest="doc_type",
            choices=sorted(DEMO_LAYOUTS),
            default="notice",
            help="which demo: the 通知 (notice, default) or the 纪要 (minutes)",
        )
        render.add_argument("--out", required=True, help="the DOCX file to write")
        render.add_argument("--pdf", help="also write the PDF (needs LibreOffice)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["demo"]:
            raise CommandError("only --demo is supported: documents render from their page in the web UI")
        data = render_docx(DEMO_LAYOUTS[options["doc_type"]]())
        out = Path(options["out"])
        out.write_bytes(data)
        self.stdout.write(f"wrote {out} ({len(data)} bytes)")
        if options["pdf"]:
            try:
                pdf = render_pdf([data])[0]
            except ServiceError as exc:
                raise CommandError(f"{exc.code}: PDF not written (LibreOffice: {exc.message})") from exc
            Path(options["pdf"]).write_bytes(pdf)
            self.stdout.write(f"wrote {options['pdf']} ({len(pdf)} bytes)")
