from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.accounts.services import admin_accounts_init
from zhongshu.base.roles import AdminRole
from zhongshu.core.errors import ServiceError

PASSWORD_FILE_HELP = (
    "a file of lines ROLE=PASSWORD (roles: system_admin, security_admin, auditor; # starts a comment). "
    "Without it, passwords are generated, printed once and must be changed at first sign-in."
)


def read_password_file(path: Path) -> dict[AdminRole, str]:
    passwords: dict[AdminRole, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        role, sep, password = line.partition("=")
        role = role.strip()
        if not sep or role not in AdminRole.values or not password.strip():
            raise CommandError(
                f"{path}:{number}: expected ROLE=PASSWORD with ROLE one of {', '.join(AdminRole.values)}"
            )
        passwords[AdminRole(role)] = password.strip()
    return passwords


class Command(BaseCommand):
    help = "admins init: create the three administrators (三员) of a new installation, with TOTP devices."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="create the system admin, security admin and auditor (idempotent)")
        init.add_argument("--password-file", type=Path, help=PASSWORD_FILE_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        passwords: dict[AdminRole, str] = {}
        if options.get("password_file"):
            path = options["password_file"]
            if not path.is_file():
                raise CommandError(f"password file {path} does not exist")
            passwords = read_password_file(path)
        try:
            results = admin_accounts_init(passwords=passwords)
        except ServiceError as error:
            raise CommandError(f"refused ({error.code}): nothing was created") from None
        for result in results:
            if not result.created:
                self.stdout.write(
                    f"{result.role.value}: account {result.username} already exists, left alone"
                )
                continue
            self.stdout.write(f"{result.role.value}: created account {result.username}")
            if result.password:
                self.stdout.write(f"  password (shown once, change at first sign-in): {result.password}")
            self.stdout.write(f"  second factor, add to an authenticator app: {result.otpauth_url}")
