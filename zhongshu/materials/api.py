"""The 素材库 JSON API."""

from ninja import Router

router = Router()
