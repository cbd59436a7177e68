"""The 档案 JSON API."""

from ninja import Router

router = Router()
