"""The 请示报告 pages' tab bar (请示报告清单, 报送, 应报尽报, 三重一大): core.tabs, named "reporting". Each part registers its tab
from its views module with who may see it: `BAR.register(name, label, url_name, order, allowed)`."""

from __future__ import annotations

from zhongshu.core.tabs import tab_bar

BAR = tab_bar("reporting", "请示报告")
