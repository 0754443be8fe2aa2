"""The satisfaction survey in a real browser, on a phone: the invitation on the tracking page, the form,
the thank-you, and the unit's figure on the public transparency page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from antrian.models import SurveiKepuasan
from tests.antrian.factories import buat_tiket
from tests.antrian.test_survei import selesaikan

# The answer picked per element (index 0..3 of its scale): all good, the complaint handling fair.
PILIHAN = {"u1": 3, "u2": 3, "u3": 2, "u4": 3, "u5": 3, "u6": 3, "u7": 3, "u8": 1, "u9": 2}


def test_warga_mengisi_survei_dari_ajakan_lalu_unit_tampil_di_transparansi(
    situs: str, konteks: Any, masuk: Any, potret: Any, unit: Any, warga: Any, petugas: Any
) -> None:
    tiket = buat_tiket(unit, pemohon=warga, judul="Lampu jalan padam di Jl. Merdeka").tiket
    selesaikan(tiket, petugas)

    page = konteks("ponsel").new_page()
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    masuk(page, warga.username)
    page.goto(f"{situs}/lacak/{tiket.nomor}/")
    ajakan = page.locator("#ajakan-survei")
    ajakan.wait_for()
    # The invitation is on the first screen of a phone, not below the history.
    kotak = ajakan.bounding_box()
    assert kotak is not None and kotak["y"] + kotak["height"] <= 800
    potret(page, "survei-ajakan")

    ajakan.get_by_role("link", name=_("Fill in the satisfaction survey")).click()
    page.wait_for_url(f"**/lacak/{tiket.nomor}/survei/")
    assert page.locator("fieldset").count() == 9

    # Sending with a question left out: the summary names it and the other answers stay chosen.
    for unsur, indeks in PILIHAN.items():
        if unsur != "u9":
            page.locator(f'label[for="id_{unsur}_{indeks}"]').click()
    page.get_by_role("button", name=_("Send my answers")).click()
    page.locator(".ringkasan-galat").wait_for()
    # The summary's link for the missing question leads to its first option.
    tautan = page.locator(".ringkasan-galat a[href='#id_u9_0']")
    assert tautan.count() == 1
    tautan.click()
    assert page.evaluate("document.activeElement.id") == "id_u9_0"
    assert page.locator("#id_u1_3").is_checked()
    potret(page, "survei-galat")

    # Every answer row is a big target: tapping the row's text chooses it.
    baris = page.locator('label[for="id_u9_2"]')
    tinggi = baris.bounding_box()
    assert tinggi is not None and tinggi["height"] >= 44
    baris.click()
    assert page.locator("#id_u9_2").is_checked()
    page.get_by_label(_("Suggestions for the unit (optional)")).fill("Petugasnya ramah.")
    potret(page, "survei-formulir")
    page.get_by_role("button", name=_("Send my answers")).click()

    page.wait_for_url(f"**/lacak/{tiket.nomor}/")
    page.get_by_text(
        _("Thank you for answering the survey. Your answers help the unit improve its service.")[:20]
    ).first.wait_for()
    page.locator("#survei-terima-kasih").wait_for()
    assert page.locator("#ajakan-survei").count() == 0
    potret(page, "survei-terima-kasih")
    simpan = SurveiKepuasan.objects.get(tiket=tiket)
    assert {u: getattr(simpan, u) for u in PILIHAN} == {u: i + 1 for u, i in PILIHAN.items()}
    assert simpan.saran == "Petugasnya ramah."

    page.get_by_role("link", name=_("Service transparency")).click()
    page.wait_for_url("**/transparansi/")
    kartu = page.locator(f"#unit-{unit.kode}")
    assert kartu.locator(".skm-nilai").count() == 1
    kartu.get_by_text(_("Average per element (NRR)")).click()
    assert kartu.locator(".tabel-nrr tbody tr").count() == 9
    potret(page, "transparansi")
    assert galat == []
