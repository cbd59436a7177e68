"""Choosing in the people-and-unit picker (web/picker.js over tom-select) the way a person does: click the box,
type, click the choice."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def picker_options(page: Page, label: str, query: str) -> Locator:
    """Type `query` into the picker labelled `label`; the options it offers (wait on them with expect)."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(query)
    dropdown = page.locator(f"#{box.get_attribute('aria-controls')}")
    return dropdown.locator(".option")


def choose(page: Page, label: str, query: str, *, choice: str) -> None:
    """Type `query` into the picker labelled `label` and click the option holding `choice`."""
    option = picker_options(page, label, query).filter(has_text=choice).first
    expect(option).to_be_visible()
    option.click()
    page.keyboard.press("Escape")
