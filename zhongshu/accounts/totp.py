"""The second factor: TOTP devices (django-otp), the enrolment QR code, and the current code for demos."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "身份验证器"


def totp_device_create(*, user: Any, confirmed: bool = True) -> TOTPDevice:
    """A new TOTP device for `user` (a fresh random key). Demo data and `admins init` create confirmed ones."""
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=confirmed)


def totp_confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def totp_enrolment_device(user: Any) -> TOTPDevice:
    """The unconfirmed device shown while enrolling: reused, so that reloading keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or totp_device_create(user=user, confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The key in base32, as typed into an authenticator app by hand."""
    return b32encode(device.bin_key).decode()


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code: a data: URI is allowed by the CSP (img-src data:)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def current_totp_code(user: Any) -> str:
    """The code the user's confirmed device shows now (for demos, tests and `zhongshu totp`)."""
    device = totp_confirmed_device(user)
    if device is None:
        raise LookupError(f"{user.get_username()} has no confirmed TOTP device")
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time()
    return str(generator.token()).zfill(device.digits)
