"""`zhongshu import materials DIR --user USERNAME`: ingest every .txt/.docx/.pdf under DIR into the 素材库.

Each file goes in its own transaction through the same service as an upload; a bad file is reported and
skipped, the others still go in. Prints one line per file and a summary; exits 1 when any file failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhongshu.accounts.models import User
from zhongshu.core.errors import ServiceError
from zhongshu.materials.extraction import EXTENSIONS
from zhongshu.materials.models import MaterialType
from zhongshu.materials.services import material_ingest


class Command(BaseCommand):
    help = "import materials DIR --user USERNAME: ingest .txt/.docx/.pdf files into the materials library"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", choices=["materials"])
        parser.add_argument("directory")
        parser.add_argument("--user", required=True, help="the account the materials are filed as")
        parser.add_argument("--type", default=MaterialType.OTHER, choices=MaterialType.values)
        parser.add_argument("--source", default="")
        parser.add_argument("--tags", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["directory"])
        if not folder.is_dir():
            raise CommandError(f"not a directory: {folder}")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active account named {options['user']!r}")
        files = sorted(
            p for p in folder.rglob("*") if p.is_file() and p.suffix.lower().lstrip(".") in EXTENSIONS
        )
        ok = failed = 0
        for path in files:
            try:
                with open(path, "rb") as handle:
                    material = material_ingest(
                        uploaded=handle,
                        name=path.name,
                        by=user,
                        material_type=options["type"],
                        source=options["source"],
                        tags=options["tags"],
                    )
            except ServiceError as error:
                failed += 1
                self.stdout.write(f"error {path}: {error.code}")
                continue
            ok += 1
            self.stdout.write(f"ok    {path}: material {material.pk}, {len(material.removals)} removals")
        self.stdout.write(f"{ok} imported, {failed} failed, {len(files)} files")
        if failed:
            raise SystemExit(1)
