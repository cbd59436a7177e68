"""The plain data a GB/T 9704-2012 rendering needs: the 18 elements of a Party or government document.

The documents module adapts its models to this; the renderer never imports a Django model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DocumentLayout:
    # 版头 (header)
    copy_number: str = ""  # 份号: six digits, or "" when the document is not classified
    secrecy: str = ""  # 密级和保密期限, e.g. "机密★5年"
    urgency: str = ""  # 紧急程度: "特急", "加急" or ""
    issuer_mark: str = ""  # 发文机关标志, e.g. "中共示例县委办公室文件"
    doc_number: str = ""  # 发文字号, e.g. "县委办发〔2026〕12号"
    signers: tuple[str, ...] | list[str] = ()  # 签发人; non-empty means the upward (上行文) layout
    # 主体 (body)
    title: str = ""
    primary_recipients: str = ""  # 主送机关, without the closing full-width colon (added if missing)
    body: str = ""  # paragraphs separated by newlines; headings start with 一、 （一） 1. （1）
    attachment_notes: tuple[str, ...] | list[str] = ()  # 附件说明: attachment names, in order
    signature: tuple[str, ...] | list[str] = ()  # 发文机关署名: organ names
    date_of_writing: date | None = None  # 成文日期
    seal: bool = False  # 印章: a placeholder only; the real seal is applied on paper or by the e-seal system
    note: str = ""  # 附注, rendered in parentheses
    # 版记 (imprint)
    cc_recipients: str = ""  # 抄送机关
    printing_office: str = ""  # 印发机关
    print_date: date | None = None  # 印发日期
    # 附件 (attachments), each from a new page
    attachments: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()  # (title, body) per 附件
    # 纪要 (GB/T 9704-2012 10.3): `issuer_mark` is then the 纪要标志 ("示例县人民政府常务会议纪要"); no seal and
    # no 署名 block (the organ and the date stand above the red line); the lists follow the body.
    minutes: bool = False
    minutes_present: tuple[str, ...] | list[str] = ()  # 出席: units and names, in order
    minutes_absent: tuple[str, ...] | list[str] = ()  # 请假
    minutes_attending: tuple[str, ...] | list[str] = ()  # 列席

    @property
    def upward(self) -> bool:
        return bool(self.signers) and not self.minutes
