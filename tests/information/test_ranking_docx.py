"""The 通报 DOCX: downloaded from the ranking page, opened, its title, text, table and signature read back."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from tests.information import scoring_helpers as h
from tests.information.conftest import signed_in


def test_the_bulletin_holds_the_ranking_of_the_period(county):
    h.table(
        county, "2026年计分办法", date(2026, 1, 1), mode="cumulative", adoption={"county": 10, "city": 20}
    )
    it = h.item(county, county.town_writers[0], "城关镇动态", submitted=date(2026, 11, 2))
    h.distributed(county, county.publications["kuaibao"], date(2026, 11, 5), it)
    h.upward(county, it, "city", "市委办公室《每日要情》", "2026年第200期", date(2026, 11, 20))
    response = signed_in("bianji1").get("/information/scoring/bulletin.docx?period=month&year=2026&number=11")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2026年11月份政务信息采用情况的通报" in text
    assert "县委办公室" in text and "年" in text.splitlines()[-1]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["排名", "单位", "采用条数", "得分", "较上期"]
    first = [c.text for c in table.rows[1].cells]
    assert first[:4] == ["1", "城关镇", "1", "30"]
    assert len(table.rows) == 1 + 4  # every unit of the county


def test_a_writer_may_not_download_the_bulletin(county):
    assert signed_in("town0").get("/information/scoring/bulletin.docx").status_code == 403
