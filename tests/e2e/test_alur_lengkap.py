"""The whole life of a complaint through the web pages only, in two browsers at once: a guest files it
and keeps its tracking page open on a phone; an officer, logged in through the login form on a desktop,
claims it from the live queue, asks for a missing document, sees the citizen's answer arrive on their own
page, resolves it; the citizen confirms. Neither page is reloaded by hand: every change reaches the other
side over its websocket."""

from __future__ import annotations

import re
from typing import Any

from antrian.models import Status, StrategiPenugasan, Tiket
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import UnitFactory, buat_petugas

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TANPA_MUAT_ULANG = "window.__tanpaMuatUlang === true"


def _langsung(page: Any) -> None:
    """Wait until the page's stream is live, and mark the window: a reload would clear the mark."""
    page.wait_for_selector('[data-keadaan-aliran="langsung"]', timeout=15_000)
    page.evaluate("window.__tanpaMuatUlang = true")


def test_keluhan_tamu_dari_awal_sampai_ditutup_dengan_dua_peramban(
    situs: str, konteks: Any, masuk: Any, potret: Any, tmp_path: Any
) -> None:
    unit = UnitFactory(kode="dpupr", nama="Dinas PUPR", strategi_penugasan=StrategiPenugasan.KLAIM)
    KategoriKeluhan.objects.create(kode="lampu", nama="Lampu jalan", unit_default=unit)
    petugas = buat_petugas(unit)
    galat: list[str] = []

    # The officer opens the live queue first (it is empty).
    kantor = konteks("desktop").new_page()
    kantor.on("pageerror", lambda e: galat.append(f"petugas: {e}"))
    masuk(kantor, petugas.pengguna.username)
    kantor.goto(f"{situs}/petugas/")
    _langsung(kantor)
    assert kantor.locator("tr[data-nomor]").count() == 0

    # A guest files a complaint on a phone.
    hp = konteks("ponsel").new_page()
    hp.on("pageerror", lambda e: galat.append(f"warga: {e}"))
    hp.goto(f"{situs}/keluhan/baru/")
    hp.locator("#id_kategori").select_option("lampu")
    hp.locator("#id_judul").fill("Lampu jalan padam di Jl. Melati")
    hp.locator("#id_isi").fill("Sudah tiga malam gelap gulita.")
    hp.locator("#id_alamat").fill("Jl. Melati depan masjid")
    hp.locator("#id_kontak_nama").fill("Sari")
    hp.locator("#id_kontak_email").fill("sari@contoh.id")
    hp.locator("form.form-keluhan button[type=submit]").click()
    hp.wait_for_url(re.compile(r"/terkirim/ADU-"))
    nomor = hp.locator(".nomor-tiket").inner_text().strip()
    tautan = hp.locator("#tautan-lacak").input_value()

    # It appears in the officer's queue without a reload.
    kantor.wait_for_selector(f'tr[data-nomor="{nomor}"]', timeout=15_000)
    assert kantor.evaluate(TANPA_MUAT_ULANG)

    # The citizen follows the private link.
    hp.goto(tautan.replace("http://127.0.0.1:8000", situs))
    hp.locator("#lacak-langsung .status-lacak .status-diajukan").wait_for()
    _langsung(hp)

    # The officer claims it from the queue: the citizen's page shows it taken.
    kantor.locator(f'tr[data-nomor="{nomor}"] button[data-klaim-baris]').click()
    kantor.wait_for_url(f"**/petugas/tiket/{nomor}/")
    hp.locator("#lacak-langsung .status-lacak .status-ditugaskan").wait_for()
    kantor.locator('form[action$="/aksi/mulai/"] button').click()
    hp.locator("#lacak-langsung .status-lacak .status-diproses").wait_for()

    # The officer asks for a photo in a dialog; the citizen's page offers the answer form live.
    _langsung(kantor)
    kantor.locator('a[data-buka-dialog="dialog-minta_kelengkapan"]').click()
    dialog = kantor.locator("#dialog-minta_kelengkapan")
    dialog.locator("textarea").first.fill("Mohon kirim foto tiang lampu dalam PDF.")
    dialog.locator("button[type=submit]").click()
    kantor.wait_for_selector(".lencana.status-menunggu_warga")
    hp.get_by_text("Mohon kirim foto tiang lampu dalam PDF.").first.wait_for()
    hp.locator("#lacak-langsung .status-lacak .status-menunggu_warga").wait_for()
    assert hp.evaluate(TANPA_MUAT_ULANG)
    potret(hp, "alur-warga-diminta-kelengkapan")

    # The citizen sends it; the officer's open ticket page shows the answer and the new state live.
    _langsung(kantor)
    berkas = tmp_path / "tiang.pdf"
    berkas.write_bytes(PDF)
    hp.get_by_label("Jawaban Anda").fill("Ini fotonya, tiang nomor 12.")
    hp.get_by_label("Dokumen yang diminta").set_input_files(str(berkas))
    hp.get_by_role("button", name="Kirim", exact=True).click()
    kantor.locator(".lencana.status-diproses").first.wait_for(timeout=15_000)
    kantor.get_by_text("Ini fotonya, tiang nomor 12.").first.wait_for()
    assert kantor.evaluate(TANPA_MUAT_ULANG)
    potret(kantor, "alur-petugas-jawaban-warga")

    # The officer resolves; the citizen confirms from the page that updated itself.
    _langsung(hp)
    kantor.locator('a[data-buka-dialog="dialog-selesaikan"]').click()
    dialog = kantor.locator("#dialog-selesaikan")
    dialog.locator("textarea").first.fill("Lampu sudah diganti oleh tim PJU.")
    dialog.locator("button[type=submit]").click()
    hp.get_by_role("button", name="Ya, konfirmasi selesai").wait_for()
    assert hp.evaluate(TANPA_MUAT_ULANG)
    hp.get_by_role("button", name="Ya, konfirmasi selesai").click()
    hp.locator("#lacak-langsung .status-lacak .status-ditutup").wait_for()
    kantor.locator(".lencana.status-ditutup").first.wait_for(timeout=15_000)
    potret(hp, "alur-warga-ditutup")

    tiket = Tiket.objects.get(nomor=nomor)
    assert tiket.status == Status.DITUTUP and tiket.petugas_id == petugas.pk
    assert galat == []
