"""The tracking page in a real browser: it follows the tiket live, without reload, while an officer acts
in a second browser context; the citizen answers, confirms, and the page keeps up.

The officer acts through the API with a token (context.request), i.e. through the server process: with the
embedded default the server's channel layer is in memory, so only a change made by the server itself
reaches the browser (with REDIS_URL set it would also work from the test process).
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from antrian import services
from antrian.models import Status, Tiket
from tests.antrian.factories import buat_petugas, buat_tiket
from tests.conftest import aktor

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TANDA_TANPA_MUAT_ULANG = "window.__tanpaMuatUlang === true"


def _petugas_api(konteks: Any, situs: str, unit: Any) -> Any:
    """A second browser context acting as the unit's officer through the API with a token."""
    petugas = buat_petugas(unit)
    kunci = Token.objects.create(user=petugas.pengguna).key
    ctx = konteks("desktop", base_url=situs, extra_http_headers={"Authorization": f"Token {kunci}"})

    def aksi(nomor: str, nama: str, **data: str) -> None:
        respons = ctx.request.post(f"/api/v1/tiket/{nomor}/{nama}/", data=data)
        assert respons.status == 200, respons.text()

    return aksi


def _tunggu_langsung(page: Any) -> None:
    page.wait_for_selector('[data-keadaan-aliran="langsung"]')
    page.evaluate("window.__tanpaMuatUlang = true")


def test_tamu_mengikuti_tiket_secara_langsung_sampai_selesai(
    situs: str, konteks: Any, potret: Any, unit: Any, tmp_path: Any
) -> None:
    baru = buat_tiket(unit, judul="Lampu jalan padam di Jl. Merdeka")
    nomor = baru.tiket.nomor
    petugas = _petugas_api(konteks, situs, unit)

    page = konteks("ponsel").new_page()
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    respons = page.goto(f"{situs}/lacak/{nomor}/?token={baru.token_lacak}")
    assert respons is not None and respons.status == 200
    assert page.locator("#lacak-langsung .status-lacak .status-diajukan").count() == 1
    _tunggu_langsung(page)

    # The officer claims and starts: the citizen's page follows without reload.
    petugas(nomor, "ambil")
    page.locator("#lacak-langsung .status-lacak .status-ditugaskan").wait_for()
    petugas(nomor, "mulai")
    page.locator("#lacak-langsung .status-lacak .status-diproses").wait_for()
    assert page.evaluate(TANDA_TANPA_MUAT_ULANG)
    # Cancelling is no longer offered once the work started.
    assert page.get_by_text("Batalkan tiket").count() == 0

    # The officer asks for a missing document: the answer form appears live, with the officer's message.
    petugas(nomor, "minta-kelengkapan", pesan="Mohon kirim foto lokasi dalam PDF")
    page.get_by_role("heading", name="Kirim kelengkapan yang diminta petugas").wait_for()
    assert page.get_by_text("Mohon kirim foto lokasi dalam PDF").count() >= 1
    assert page.evaluate(TANDA_TANPA_MUAT_ULANG)
    potret(page, "lacak-menunggu-warga")

    berkas = tmp_path / "lokasi.pdf"
    berkas.write_bytes(PDF)
    page.get_by_label("Jawaban Anda").fill("Berikut fotonya")
    page.get_by_label("Dokumen yang diminta").set_input_files(str(berkas))
    page.get_by_role("button", name="Kirim", exact=True).click()
    page.get_by_text("Terima kasih. Petugas telah menerima kiriman Anda").wait_for()
    assert page.locator("#lacak-langsung .status-lacak .status-diproses").count() == 1
    assert page.get_by_role("link", name="lokasi.pdf").count() == 1
    assert Tiket.objects.get(pk=baru.tiket.pk).status == Status.DIPROSES

    # Resolved by the officer: the confirmation appears live; the citizen confirms and the tiket closes.
    _tunggu_langsung(page)
    petugas(nomor, "selesaikan", catatan="Lampu sudah diganti")
    page.get_by_role("button", name="Ya, konfirmasi selesai").wait_for()
    assert page.get_by_text("Lampu sudah diganti").count() >= 1
    assert page.evaluate(TANDA_TANPA_MUAT_ULANG)
    potret(page, "lacak-selesai")
    page.get_by_role("button", name="Ya, konfirmasi selesai").click()
    page.get_by_text("Terima kasih atas konfirmasinya").wait_for()
    assert page.locator("#lacak-langsung .status-lacak .status-ditutup").count() == 1
    assert Tiket.objects.get(pk=baru.tiket.pk).status == Status.DITUTUP
    assert galat == []


def test_tamu_membatalkan_dengan_alasan_dan_halaman_tetap_langsung(
    situs: str, konteks: Any, unit: Any
) -> None:
    baru = buat_tiket(unit)
    page = konteks("desktop").new_page()
    page.goto(f"{situs}/lacak/{baru.tiket.nomor}/?token={baru.token_lacak}")
    _tunggu_langsung(page)
    page.get_by_text("Batalkan tiket", exact=True).click()
    # Sending without a reason: the form comes back with the error, no change made.
    page.get_by_role("button", name="Ya, batalkan tiket").click()
    page.locator(".ringkasan-galat").wait_for()
    assert Tiket.objects.get(pk=baru.tiket.pk).status == Status.DIAJUKAN
    page.locator("#id_batalkan-alasan").fill("Sudah saya urus langsung di kantor")
    # A reason given: one more question in a dialog; "no" sends nothing, "yes" cancels.
    page.get_by_role("button", name="Ya, batalkan tiket").click()
    dialog = page.locator("#dialog-konfirmasi")
    dialog.get_by_text("Batalkan tiket ini?").wait_for()
    dialog.get_by_role("button", name="Tidak, kembali").click()
    assert not dialog.is_visible()
    assert Tiket.objects.get(pk=baru.tiket.pk).status == Status.DIAJUKAN
    page.get_by_role("button", name="Ya, batalkan tiket").click()
    dialog.get_by_role("button", name="Ya, lanjutkan").click()
    page.get_by_text("Tiket telah dibatalkan.").wait_for()
    assert page.locator("#lacak-langsung .status-lacak .status-dibatalkan").count() == 1
    assert Tiket.objects.get(pk=baru.tiket.pk).status == Status.DIBATALKAN


@pytest.mark.redis
def test_perubahan_oleh_layanan_di_proses_tes_sampai_lewat_redis(
    situs: str, konteks: Any, unit: Any, petugas: Any
) -> None:
    """With Redis the channel layer spans processes: a service called here reaches the server's socket."""
    baru = buat_tiket(unit)
    page = konteks("ponsel").new_page()
    page.goto(f"{situs}/lacak/{baru.tiket.nomor}/?token={baru.token_lacak}")
    _tunggu_langsung(page)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    page.locator("#lacak-langsung .status-lacak .status-ditugaskan").wait_for()
    services.tiket_mulai(tiket=baru.tiket, aktor=aktor(petugas))
    page.locator("#lacak-langsung .status-lacak .status-diproses").wait_for()
    assert page.evaluate(TANDA_TANPA_MUAT_ULANG)


def test_cari_tiket_dengan_nomor_dan_kode(situs: str, konteks: Any, potret: Any, unit: Any) -> None:
    baru = buat_tiket(unit, judul="Jalan berlubang di depan pasar")
    page = konteks("ponsel").new_page()
    page.goto(f"{situs}/lacak/")
    potret(page, "lacak-cari")
    page.get_by_label("Nomor tiket").fill(baru.tiket.nomor)
    page.get_by_label("Kode lacak").fill("salah")
    page.get_by_role("button", name="Lacak", exact=True).click()
    page.get_by_text("Tidak ada tiket yang cocok").wait_for()
    page.get_by_label("Kode lacak").fill(baru.token_lacak)
    page.get_by_role("button", name="Lacak", exact=True).click()
    page.get_by_text("Jalan berlubang di depan pasar").wait_for()
    assert f"/lacak/{baru.tiket.nomor}/" in page.url
    potret(page, "lacak")
