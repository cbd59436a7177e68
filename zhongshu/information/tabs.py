"""The 信息报送 pages' tab bar (报送, 编辑, 刊物, 采用计分, 约稿): core.tabs, named "information". Each part registers its tab
from its views module with who may see it: `BAR.register(name, label, url_name, order, allowed)`."""

from __future__ import annotations

from zhongshu.core.tabs import tab_bar

BAR = tab_bar("information", "信息报送")
