"""The 机要保密 API, mounted at /api/secrecy: each part of the module brings its own router under its own prefix
(/classification, /carriers, /inventory, /personnel, /secondees, /publication, /inspection, /duties), so no part's
path shadows another's."""

from __future__ import annotations

from ninja import Router

from zhongshu.secrecy import (
    api_carriers,
    api_classification,
    api_duties,
    api_inspection,
    api_inventory,
    api_personnel,
    api_publication,
    api_secondees,
)

router = Router()
for part in (
    api_classification,
    api_carriers,
    api_inventory,
    api_personnel,
    api_secondees,
    api_publication,
    api_inspection,
    api_duties,
):
    router.add_router("", part.router)
