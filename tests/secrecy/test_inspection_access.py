"""保密自查's routes asked by every kind of viewer: the anonymous, an administrator (三员), the secrecy office
(its 保密员 and the office director), each unit's fillers (its 文书 and its department head, no administrator
being named) and who may not fill (the liaisons, the office's 文书, a county leader). A unit's filler reads his own
filling only; the round's progress and the report belong to the secrecy office; the DOCX report and the evidence
download included. Titles and findings of one unit never reach another's pages."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.secrecy.conftest import County
from tests.secrecy.inspection_helpers import answers, filling_of, open_round, submit, user
from zhongshu.attachments.services import attachments_of
from zhongshu.audit.models import AuditEvent
from zhongshu.secrecy import inspection
from zhongshu.testing.access import (
    ask_every_api_route,
    not_refused_in_json,
    route_clients,
    route_statuses,
    wrong_get_answers,
    wrong_post_answers,
)

OFFICE = ["baomi", "baomi2", "jiyao", "zhuren"]
FINANCE = ["czj_ws", "czj_kz"]  # 县财政局's 文书 and department head (文书 role): its fillers
TOWN = ["cgz_ws", "cgz_zr"]
OTHERS = ["wenshu", "leader1", "czj_llr", "cgz_llr"]
EVERYONE = OFFICE + FINANCE + TOWN + OTHERS


def _setting(county: County) -> tuple[Any, Any, Any, Any]:
    inspection_round = open_round(county, title="财政城关年度保密自查")
    finance = filling_of(inspection_round, county, 0)
    evidence = SimpleUploadedFile("台账.txt", "涉密载体台账照片说明".encode(), content_type="text/plain")
    with_file = answers(finance, unmet={9: "财政局涉密计算机曾连接互联网"})
    with_file[0] = inspection.AnswerIn(with_file[0].item_id, "met", "见台账", "", uploads=[evidence])
    inspection.filling_save(by=user("czj_ws"), filling=finance, version=1, answers=with_file, submit=True)
    finance.refresh_from_db()
    town = filling_of(inspection_round, county, 1)
    first = finance.answers.order_by("item__position").first()
    assert first is not None
    attachment = attachments_of(first, inspection.EVIDENCE).get()
    return inspection_round, finance, town, attachment


def test_every_route_answers_each_viewer_as_it_should(county: County) -> None:
    inspection_round, finance, town, attachment = _setting(county)
    clients = route_clients(EVERYONE, admin_username="sysadmin_inspection")
    everyone = EVERYONE
    r, f, t = inspection_round.pk, finance.pk, town.pk
    pages = {
        "/secrecy/inspection/": route_statuses(200, everyone, 403, everyone=everyone),
        "/secrecy/inspection/checklists/": route_statuses(200, everyone, 403, everyone=everyone),
        "/secrecy/inspection/new/": route_statuses(200, OFFICE, 403, everyone=everyone),
        f"/secrecy/inspection/{r}/": route_statuses(200, OFFICE + FINANCE + TOWN, 404, everyone=everyone),
        f"/secrecy/inspection/{r}/report.docx": {
            **route_statuses(200, OFFICE, 404, everyone=everyone),
            **{name: 403 for name in FINANCE + TOWN},
        },
        f"/secrecy/inspection/fillings/{f}/": route_statuses(200, OFFICE + FINANCE, 404, everyone=everyone),
        f"/secrecy/inspection/fillings/{t}/": route_statuses(200, OFFICE + TOWN, 404, everyone=everyone),
        f"/secrecy/inspection/fillings/{f}/files/{attachment.pk}/": route_statuses(
            200, OFFICE + FINANCE, 404, everyone=everyone
        ),
    }
    api = {
        "/api/secrecy/inspection/rounds": route_statuses(200, everyone, 403, everyone=everyone, anon=401),
        "/api/secrecy/inspection/checklists": route_statuses(200, everyone, 403, everyone=everyone, anon=401),
        f"/api/secrecy/inspection/rounds/{r}": route_statuses(
            200, OFFICE + FINANCE + TOWN, 404, everyone=everyone, anon=401
        ),
        f"/api/secrecy/inspection/fillings/{f}": route_statuses(
            200, OFFICE + FINANCE, 404, everyone=everyone, anon=401
        ),
    }
    assert wrong_get_answers(clients, {**pages, **api}) == []
    # Acting: only who may gets past the access check (a 400 / 409 after it is the input's or the state's).
    posts = {
        f"/api/secrecy/inspection/fillings/{t}": {
            **route_statuses(200, ["cgz_ws", "cgz_zr"], 404, everyone=everyone, anon=401),
            **{name: 403 for name in OFFICE},
        },
        f"/api/secrecy/inspection/fillings/{f}/review": {
            **route_statuses(400, ["baomi", "baomi2", "jiyao", "zhuren"], 404, everyone=everyone, anon=401),
            **{name: 403 for name in FINANCE},
        },
        "/api/secrecy/inspection/rounds": route_statuses(400, OFFICE, 403, everyone=everyone, anon=401),
    }
    wrong = wrong_post_answers(clients, posts)
    assert wrong == [], "\n".join(wrong)


def test_a_unit_never_sees_another_units_findings(county: County) -> None:
    inspection_round, finance, town, _ = _setting(county)
    submit(town, user("cgz_ws"), unmet={15: "城关镇干部用微信传递会议纪要"})
    for name, sees, hidden in (
        ("czj_ws", "财政局涉密计算机曾连接互联网", "城关镇干部用微信传递会议纪要"),
        ("cgz_ws", "城关镇干部用微信传递会议纪要", "财政局涉密计算机曾连接互联网"),
    ):
        client = route_clients([name], admin_username=f"sys_{name}")[name]
        shown = "".join(
            client.get(url).content.decode()
            for url in (
                "/secrecy/inspection/",
                f"/secrecy/inspection/{inspection_round.pk}/",
                f"/secrecy/inspection/fillings/{finance.pk}/",
                f"/secrecy/inspection/fillings/{town.pk}/",
                f"/api/secrecy/inspection/rounds/{inspection_round.pk}",
                "/search/results/?q=微信",
            )
        )
        assert sees in shown and hidden not in shown, name
    # The office's progress page lists both; a stranger's forbidden look is audited.
    assert AuditEvent.objects.filter(action="access.denied.view", object_id=str(town.pk)).exists()


def test_administrators_see_nothing_and_every_api_route_refuses_them_in_json(county: County) -> None:
    _setting(county)
    admin = route_clients([], admin_username="sysadmin_inspection2")["admin"]
    for url in ("/secrecy/inspection/", "/secrecy/inspection/checklists/", "/secrecy/inspection/new/"):
        assert admin.get(url).status_code == 403, url
    answers = ask_every_api_route(admin, "/api/secrecy/inspection")
    assert len(answers) >= 10
    assert not_refused_in_json(answers, statuses=(403, 404)) == []
