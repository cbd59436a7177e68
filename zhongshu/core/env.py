"""Typed readers for environment variables.

Each reader fails with `ImproperlyConfigured` naming the variable and what was wrong, so that a bad value
stops start-up with one clear line instead of a traceback deep inside Django.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set")
        return default
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    return value


def env_float(
    name: str, default: float, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None
    if (
        value != value
        or (minimum is not None and value < minimum)
        or (maximum is not None and value > maximum)
    ):
        raise ImproperlyConfigured(f"{name}={raw} must lie between {minimum} and {maximum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_clock(name: str, default: str) -> str:
    """A time of day written HH:MM (24-hour), e.g. 08:30."""
    value = env_str(name, default).strip()
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ImproperlyConfigured(f"{name}={value!r} is not a time of day (use HH:MM, e.g. 08:30)")
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ImproperlyConfigured(f"{name}={value!r} is not a time of day (use HH:MM, e.g. 08:30)")
    return f"{int(hours):02d}:{minutes}"


def env_fraction(name: str, default: str) -> str:
    """A share between 0 and 1 written as a fraction or a decimal: 1/2, 0.5."""
    from fractions import Fraction

    value = env_str(name, default).strip()
    try:
        share = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ImproperlyConfigured(f"{name}={value!r} is not a fraction (use e.g. 1/2 or 0.5)") from None
    if not 0 < share <= 1:
        raise ImproperlyConfigured(f"{name}={value} must lie above 0 and at most 1")
    return value


def env_mapping(name: str, default: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keys and their values, written `key=a,b;other=c` (unit codes to usernames, ranks to approvers)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    mapping: dict[str, list[str]] = {}
    for entry in raw.split(";"):
        if not entry.strip():
            continue
        key, equals, values = entry.partition("=")
        if not equals or not key.strip() or not values.strip():
            raise ImproperlyConfigured(f"{name}: {entry.strip()!r} is not key=value (use key=a,b;other=c)")
        mapping[key.strip()] = [value.strip() for value in values.split(",") if value.strip()]
    return mapping


@dataclass(frozen=True)
class DatabaseConfig:
    engine: str
    settings: dict[str, Any]


def parse_database_url(url: str, *, base_dir: Path) -> dict[str, Any]:
    """Turn `sqlite:///path` or `postgres://user:pw@host:port/name` into a Django DATABASES entry."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if parts.netloc:
            raise ImproperlyConfigured(
                f"DATABASE_URL {url!r} is malformed: use sqlite:///relative/path or sqlite:////absolute/path"
            )
        if not raw_path or raw_path == "/":
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no SQLite file")
        name = raw_path[1:]
        path = Path(name) if Path(name).is_absolute() else base_dir / name
        return sqlite_database(path)
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no PostgreSQL database")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} has a port that is not a number") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"NAME": f"test_{name}"},
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL {url!r} is malformed: the scheme must be sqlite:// or postgres://"
    )


def sqlite_database(path: Path) -> dict[str, Any]:
    # A fresh checkout has no var/ yet: create the folder so the first `migrate` can create the file.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"cannot create the folder for the SQLite database {path}: {error}"
        ) from None
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue instead of failing
    # with "database is locked" half-way through; WAL lets readers go on while one writes.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=20000;"
            ),
        },
        # One test database file per test run, so parallel runs (two developers, or a run and CI) never share it.
        "TEST": {"NAME": str(path.with_name(f"{path.stem}-test-{os.getpid()}.sqlite3"))},
    }
