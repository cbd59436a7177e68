"""The information module's record pages are made of sections (core.sections): an item's page (its text and
versions, near-duplicates, adoption and scores, instructions) and an issue's page (its entries, review and
sign-off, distribution and receipts, instructions). Each part registers its sections from its views module's
register(); the submissions part renders ITEM_PAGE, the publications part ISSUE_PAGE, with
`{% include "core/_sections.html" %}`."""

from __future__ import annotations

from zhongshu.core.sections import section_page

ITEM_PAGE = section_page("information.item")
ISSUE_PAGE = section_page("information.issue")
