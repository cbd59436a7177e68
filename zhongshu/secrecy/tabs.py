"""The 机要保密 pages' tab bar (定密, 涉密载体, 清点与复制, 涉密人员, 跟班学习, 公开审查, 保密自查, 保密工作):
core.tabs, named "secrecy". Each part registers its tab from its views module with who may see it:
`BAR.register(name, label, url_name, order, allowed)`."""

from __future__ import annotations

from zhongshu.core.tabs import tab_bar

BAR = tab_bar("secrecy", "机要保密")
