"""Choosing in the people-and-unit picker (web/picker.js over tom-select) the way a person does: click the box,
type, click the choice."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


def picker_options(page: Page, label: str, query: str) -> Locator:
    """Type `query` into the picker labelled `label`; the options it offers (wait on them with expect)."""
    # The name is the label's text, with the required mark's * that the CSS adds.
    box = page.get_by_role("combobox", name=re.compile(rf"^{re.escape(label)}\s*\*?$"))
    # Until web/picker.js has run, the name belongs to the plain <select>: wait for the picker's own box.
    expect(box).to_have_attribute("aria-controls", re.compile(r"-ts-dropdown$"))
    box.focus()
    box.fill(query)
    dropdown = page.locator(f"#{box.get_attribute('aria-controls')}")
    return dropdown.locator(".option")


def choose(page: Page, label: str, query: str, *, choice: str) -> None:
    """Type `query` into the picker labelled `label` and click the option holding `choice`."""
    option = picker_options(page, label, query).filter(has_text=choice).first
    expect(option).to_be_visible()
    option.click()
    page.keyboard.press("Escape")
