"""The frame every page shares: served by the real ASGI server, styled, scripted, in Indonesian."""

from __future__ import annotations

from typing import Any


def test_beranda_tampil_dalam_bahasa_indonesia_dengan_aset_web(situs: str, konteks: Any, potret: Any) -> None:
    page = konteks().new_page()
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    respons = page.goto(situs + "/")
    assert respons is not None and respons.status == 200
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("link", name="Lewati ke isi").count() == 1
    # The design system and the client script loaded (the script marks <html class="js">).
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    warna = page.evaluate("getComputedStyle(document.querySelector('.kepala')).backgroundColor")
    assert warna == "rgb(11, 79, 138)"
    assert galat == []
    potret(page, "beranda")
