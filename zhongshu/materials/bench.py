"""`zhongshu bench materials`: the 45 MB upload of issue 14 against a real server, while others work.

A fresh `zhongshu serve` runs on a free port with its own ZHONGSHU_VAR_DIR (SQLite in WAL mode, jobs on the
in-process worker, as the embedded edition runs). One clerk uploads a text of --mb megabytes to the
素材库; meanwhile --others requests from five other signed-in users open pages, spread over the ingest. It
prints:

* `upload_ms`: until the upload answered (with its progress page);
* `ingest_s` and `ingest_mb_per_s`: from the upload's answer until the batch page says 已完成;
* `ingest_rss_mb`: the peak resident memory (VmHWM) of the server process, which runs the job;
  `rss_before_mb` is the same process before the upload;
* `longest_write_lock_ms`: the longest a writer had to wait for SQLite's write lock during the ingest. A
  probe connection takes the lock (BEGIN IMMEDIATE, at once ROLLBACK) every 5 ms, retrying every
  millisecond while it is held; its longest wait is the longest hold it ran into, within a few ms;
* `others_ms_max`, `others_ms_median`, `others_errors` (an answer other than 200, or one that says
  "database is locked"), and `others_during` (how many were answered while the ingest was still running).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from zhongshu.core.bench import Figures, register_bench

PASSWORD = "Bench!Pass2026"
PAGES = ("/", "/materials/", "/materials/key-sentences/", "/materials/problems/")
_SAMPLE_SENTENCES = (
    "以学铸魂、以学增智、以学正风、以学促干。",
    "办公室工作无小事，必须坚持高标准、严要求。",
    "要下苦功夫、要求知善读、要学以致用。",
    "今天再晚也是早，明天再早也是晚。",
    "全县办公室系统围绕中心、服务大局，较好地完成了各项任务。",
    "坚持对党忠诚的政治本色，坚持服务大局的职责使命。",
    "督查工作要聚焦重点任务，确保各项决策部署落地见效。",
    "文稿起草要做到观点鲜明、结构严谨、语言精练。",
    "会务保障要周密细致，确保万无一失。",
    "信息报送要及时准确，为领导决策提供参考。",
)
_SETUP = """
from zhongshu.base.roles import Role
from zhongshu.testing.factories import make_person, make_unit
office = make_unit("县委办公室", agency_code="县委办发")
for n in range(6):
    make_person(f"文书{n}", unit=office, roles=(Role.CLERK,), username=f"bench{n}", password=BENCH_PASSWORD)
"""


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mb", type=float, default=45.0, help="size of the uploaded text in MB (default 45)")
    parser.add_argument("--others", type=int, default=20, help="requests from other users (default 20)")


def large_text(size: int, seed: int = 14) -> bytes:
    """A long speech of `size` bytes: numbered paragraphs of 2 to 8 stock sentences, each sentence with a few
    characters changed, so that the text repeats itself about as little as a real compilation does (a text of
    ten sentences over and over would measure the boilerplate rule of the passage search, not the ingest)."""
    rng = random.Random(seed)
    alphabet = "".join(set("".join(_SAMPLE_SENTENCES)) - set("，。、；："))
    lines = ["关于全县办公室系统工作的长篇汇编\n".encode()]
    total = len(lines[0])
    while total < size:
        sentences = []
        for _ in range(rng.randint(2, 8)):
            chars = list(rng.choice(_SAMPLE_SENTENCES))
            for _ in range(3):
                at = rng.randrange(len(chars) - 1)
                if chars[at] not in "，。、；：":
                    chars[at] = rng.choice(alphabet)
            sentences.append("".join(chars))
        line = f"第{len(lines)}段，{''.join(sentences)}\n".encode()
        lines.append(line)
        total += len(line)
    return b"".join(lines)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _zhongshu(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "zhongshu.cli", *args], env=env, check=True, capture_output=True)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class _LockProbe(threading.Thread):
    """Takes SQLite's write lock every 5 ms and records the longest wait for it (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.longest = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        db = sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=False)
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                while not self.stop.is_set():
                    try:
                        db.execute("BEGIN IMMEDIATE")
                        break
                    except sqlite3.OperationalError:
                        time.sleep(0.001)
                else:
                    break
                self.longest = max(self.longest, time.perf_counter() - started)
                db.execute("ROLLBACK")
                time.sleep(0.005)
        finally:
            db.close()


def _session(base: str, username: str) -> Any:
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise SystemExit("the sign-in page has no CSRF token")
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
    )
    if answer.status_code != 200 or "/accounts/login/" in answer.url:
        raise SystemExit(f"{username} could not sign in ({answer.status_code})")
    return session


def _csrf(session: Any, url: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url, timeout=60).text)
    if token is None:
        raise SystemExit(f"no CSRF token on {url}")
    return token.group(1)


def run(args: argparse.Namespace) -> Figures:
    if args.mb <= 0 or args.others < 1:
        raise SystemExit("--mb must be positive and --others at least 1")
    data = large_text(int(args.mb * 1024 * 1024))
    with tempfile.TemporaryDirectory(prefix="zhongshu-bench-materials-") as var:
        env = {
            **os.environ,
            "ZHONGSHU_ENV": "development",
            "ZHONGSHU_DEBUG": "0",
            "ZHONGSHU_VAR_DIR": var,
            "ZHONGSHU_JOBS": "inprocess",
            "ZHONGSHU_MAX_UPLOAD_MB": str(max(50, int(args.mb) + 1)),
        }
        for name in (
            "DATABASE_URL",
            "ZHONGSHU_MEDIA_ROOT",
            "ZHONGSHU_AUDIT_KEY_FILE",
            "ZHONGSHU_AUDIT_ANCHOR_DIR",
        ):
            env.pop(name, None)
        _zhongshu("migrate", "--no-input", env=env)
        _zhongshu("shell", "-c", _SETUP.replace("BENCH_PASSWORD", repr(PASSWORD)), env=env)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "zhongshu.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            return _scenario(f"http://127.0.0.1:{port}", server, Path(var) / "zhongshu.sqlite3", data, args)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    import requests

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"the server ended: {server.stderr.read().decode()[-2000:] if server.stderr else ''}"
            )
        try:
            requests.get(f"{base}/accounts/login/", timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 120 s")


def _scenario(
    base: str, server: subprocess.Popen[bytes], database: Path, data: bytes, args: argparse.Namespace
) -> Figures:
    _wait_until_up(base, server)
    uploader = _session(base, "bench0")
    others = [_session(base, f"bench{n}") for n in range(1, 6)]
    token = _csrf(uploader, f"{base}/materials/upload/")
    rss_before = _rss_mb(server.pid)
    probe = _LockProbe(database)
    probe.start()
    started = time.perf_counter()
    answer = uploader.post(
        f"{base}/materials/upload/",
        data={"csrfmiddlewaretoken": token, "material_type": "speech"},
        files={"file": ("长篇汇编.txt", data, "text/plain")},
        headers={"Referer": f"{base}/materials/upload/"},
        timeout=3600,
    )
    upload_s = time.perf_counter() - started
    batch = re.search(r"/materials/batches/(\d+)/", answer.url)
    if answer.status_code != 200 or batch is None:
        raise SystemExit(f"the upload was not taken into the background: {answer.status_code} {answer.url}")
    progress_url = f"{base}/materials/batches/{batch.group(1)}/"
    ingest_started = time.perf_counter()
    finished = threading.Event()
    timings: list[tuple[float, bool, bool]] = []  # (ms, error, answered while the ingest was running)

    def other(n: int) -> None:
        session = others[n % len(others)]
        t0 = time.perf_counter()
        try:
            response = session.get(f"{base}{PAGES[n % len(PAGES)]}", timeout=120)
            error = response.status_code != 200 or "database is locked" in response.text
        except Exception:  # noqa: BLE001 - a refused or dropped connection counts as an error
            error = True
        timings.append(((time.perf_counter() - t0) * 1000, error, not finished.is_set()))

    with ThreadPoolExecutor(max_workers=5) as pool:
        sent = 0
        while not finished.is_set():
            if "已完成" in uploader.get(progress_url, timeout=120).text:
                finished.set()
                break
            if sent < args.others:
                pool.submit(other, sent)
                sent += 1
            time.sleep(0.5)
        # Whatever was not sent during the ingest goes now (a fast ingest leaves some for after).
        for n in range(sent, args.others):
            pool.submit(other, n)
    ingest_s = time.perf_counter() - ingest_started
    probe.stop.set()
    probe.join()
    page = uploader.get(progress_url, timeout=120).text
    if "成功 1" not in page:
        message = re.search(r'<tr data-status="error">.*?</tr>', page, re.S)
        raise SystemExit(f"the ingest failed: {message.group(0) if message else page[-500:]}")
    mb = len(data) / 1024 / 1024
    ms = [t for t, _, _ in timings]
    return {
        "mb": round(mb, 1),
        "upload_ms": round(upload_s * 1000),
        "ingest_s": round(ingest_s, 1),
        "ingest_mb_per_s": round(mb / ingest_s, 2),
        "rss_before_mb": rss_before,
        "ingest_rss_mb": _peak_rss_mb(server.pid),
        "longest_write_lock_ms": round(probe.longest * 1000, 1),
        "others": len(timings),
        "others_during": sum(1 for _, _, during in timings if during),
        "others_ms_max": round(max(ms)),
        "others_ms_median": round(statistics.median(ms)),
        "others_errors": sum(1 for _, error, _ in timings if error),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def register() -> None:
    register_bench(
        "materials",
        run,
        _add_arguments,
        "upload a 45 MB text to a live `zhongshu serve` while other users open pages: ingest speed and "
        "memory, the longest SQLite write-lock hold, other users' answer times and errors",
    )
