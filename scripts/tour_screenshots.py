"""Screenshots of the pages the README's tour names, as each demo role sees them, for docs/screenshots/.

Run against a server holding the demo county (`zhongshu demo`), with the same ZHONGSHU_VAR_DIR as that server so
`zhongshu totp NAME` prints the codes of the accounts with a second factor:

    ZHONGSHU_VAR_DIR=/tmp/tour-var .venv/bin/python scripts/tour_screenshots.py \
        --base http://127.0.0.1:8765 --out docs/screenshots/after

The same script took the "before" pictures against the code before issue 15, so the pairs show the same pages.
Pages found by following links (the first archived 发文, the first 督办事项) rather than by fixed ids.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, sync_playwright

PASSWORD = "Demo@2026zs"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECOND_FACTOR = {"zhuren", "leader1", "xwb_bmb_kz", "sysadmin", "secadmin", "auditor"}


def totp(username: str) -> str:
    zhongshu = shutil.which("zhongshu") or str(Path(sys.executable).with_name("zhongshu"))
    out = subprocess.run([zhongshu, "totp", username], capture_output=True, text=True, check=True).stdout
    return out.strip().split()[-1]


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    if username in SECOND_FACTOR:
        page.get_by_label("验证码").fill(totp(username))
        page.get_by_role("button").filter(has_text="验证").first.click()
    page.wait_for_load_state("networkidle")


def shoot(page: Page, out: Path, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # charts draw after load
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    print(f"  {name}.png  {page.url}")


def first_link(page: Page, base: str, list_path: str, href_pattern: str) -> str:
    """The first link on `list_path` whose path matches `href_pattern` (a regular expression)."""
    page.goto(f"{base}{list_path}")
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        if re.fullmatch(href_pattern, href.removeprefix(base)):
            return href if href.startswith("http") else f"{base}{href}"
    raise SystemExit(f"no link like {href_pattern} on {list_path}")


def tour(page: Page, base: str, out: Path) -> None:
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/")
    shoot(page, out, "01-workbench-clerk")
    page.goto(f"{base}/documents/new/")
    shoot(page, out, "02-draft-form")
    document = first_link(page, base, "/documents/registers/outgoing/", r"/documents/\d+/")
    page.goto(document)
    shoot(page, out, "03-document-record")
    page.goto(f"{base}/search/?q=县委办发")
    shoot(page, out, "04-search-by-number")
    page.goto(f"{base}/notices/")
    shoot(page, out, "05-notices")
    page.goto(f"{base}/documents/stats/")
    shoot(page, out, "06-turnaround")

    sign_in(page, base, "duchayuan")
    page.goto(f"{base}/supervision/")
    shoot(page, out, "07-ledger")
    page.goto(f"{base}/supervision/wall/")
    shoot(page, out, "08-wall")
    page.goto(first_link(page, base, "/supervision/", r"/supervision/items/\d+/"))
    shoot(page, out, "09-supervision-item")
    page.goto(f"{base}/")
    shoot(page, out, "10-workbench-supervisor")

    sign_in(page, base, "leader1")
    page.goto(f"{base}/")
    shoot(page, out, "11-workbench-leader")
    page.goto(f"{base}/meetings/schedule/")
    shoot(page, out, "18-leaders-week")

    sign_in(page, base, "zhuren")
    page.goto(f"{base}/")
    shoot(page, out, "12-workbench-director")
    page.goto(f"{base}/documents/quotas/")
    shoot(page, out, "13-quotas")
    page.goto(f"{base}/meetings/reduction/")
    shoot(page, out, "17-meeting-reduction")

    sign_in(page, base, "liaison_jyj")
    page.goto(f"{base}/documents/quotas/")
    shoot(page, out, "14-forbidden")

    # 办会 (issue 16): the 常务会议 with its replies and seating, and its seating chart (the leaders' week and the
    # office's 精文减会 figures are taken above, in the same sign-ins: a second factor's code is accepted once).
    sign_in(page, base, "wenshu")
    meeting = first_link(page, base, "/meetings/?scope=all&q=常务会议", r"/meetings/\d+/")
    page.goto(meeting)
    shoot(page, out, "15-meeting")
    page.goto(f"{meeting}seating/")
    shoot(page, out, "16-seating")

    # 值班应急 (issue 17), as the county office's duty room (值班室科长, no second factor): the office's roster
    # of these weeks, who is on duty now, last night's log, the 河西村 incident, and who is away.
    sign_in(page, base, "xwb_zbs_kz")
    page.goto(first_link(page, base, "/duty/rosters/", r"/duty/rosters/\d+/"))
    shoot(page, out, "19-duty-roster")
    page.goto(f"{base}/duty/on-duty/")
    shoot(page, out, "20-on-duty-now")
    page.goto(f"{base}/duty/log/")
    shoot(page, out, "21-duty-log")
    page.goto(first_link(page, base, "/duty/incidents/", r"/duty/incidents/\d+/"))
    shoot(page, out, "22-incident")
    page.goto(f"{base}/duty/away/")
    shoot(page, out, "23-away-board")

    # 信息报送 and 请示报告 (issue 18): the 信息科 chief's queue with the near-duplicate pair, an item with its
    # versions, adoptions and scores, a distributed issue, the ranking; the office clerk's 应报尽报 and 三重一大.
    sign_in(page, base, "xwb_xxk_kz")
    page.goto(f"{base}/information/screening/")
    shoot(page, out, "24-information-screening")
    page.goto(first_link(page, base, "/information/issues/", r"/information/issues/\d+/"))
    shoot(page, out, "25-information-issue")
    page.goto(f"{base}/information/scoring/")
    shoot(page, out, "26-information-ranking")
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/reporting/compliance/?period=" + last_month())
    shoot(page, out, "27-reporting-compliance")
    page.goto(f"{base}/reporting/major/")
    shoot(page, out, "28-major-register")

    # 机要保密 (issue 20): the 保密办 head's ledger of carriers with the overdue loan, that carrier's page, the day's
    # inventory with the carrier missing, the cleared posts with a holder below his post's level, the secondees
    # (one mid-way), the 公开审查 waiting, the self-inspection round with its scores, the classification register.
    sign_in(page, base, "xwb_bmb_kz")
    page.goto(f"{base}/secrecy/carriers/")
    shoot(page, out, "29-secrecy-carriers")
    page.goto(first_link(page, base, "/secrecy/carriers/?overdue=1", r"/secrecy/carriers/\d+/"))
    shoot(page, out, "30-secrecy-carrier")
    page.goto(first_link(page, base, "/secrecy/inventory/", r"/secrecy/inventory/\d+/"))
    shoot(page, out, "31-secrecy-inventory")
    page.goto(f"{base}/secrecy/personnel/posts/")
    shoot(page, out, "32-secrecy-posts")
    page.goto(f"{base}/secrecy/secondees/")
    shoot(page, out, "33-secrecy-secondees")
    page.goto(f"{base}/secrecy/publication/")
    shoot(page, out, "34-secrecy-publication")
    page.goto(first_link(page, base, "/secrecy/inspection/", r"/secrecy/inspection/\d+/"))
    shoot(page, out, "35-secrecy-inspection")
    page.goto(f"{base}/secrecy/classification/register/")
    shoot(page, out, "36-secrecy-classification")

    sign_in(page, base, "wenshu")
    page.goto(f"{base}/proofread/")
    page.locator("textarea").first.fill(PROOFREAD_SAMPLE)
    page.get_by_role("button", name="校对").first.click()
    shoot(page, out, "37-proofread")


# Slips of the kinds the proofreader's layers catch: a wrong form, one inside a word (the statistical layer),
# 做出, 的/地 both ways, approximate numbers in digits and a near-idiom.
PROOFREAD_SAMPLE = (
    "各乡镇要认真贯彻洛实县委决策部署，进一步完善体制机智，做出新的更大贡献。会议要求，各单位要坚定不移的推进改革，"
    "确保3、4个重点项目按时开工。这是一个美丽地地方，我们要老生长谈地强调安全生产。"
)


def last_month() -> str:
    """`2026-11` when run in December: the month whose reports have all fallen due."""
    first = datetime.now(ZoneInfo("Asia/Shanghai")).date().replace(day=1)
    previous = first - timedelta(days=1)
    return f"{previous.year}-{previous.month:02d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        tour(page, args.base.rstrip("/"), args.out)
        browser.close()


if __name__ == "__main__":
    main()
