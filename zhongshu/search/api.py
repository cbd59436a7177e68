"""The 检索 JSON API."""

from ninja import Router

router = Router()
