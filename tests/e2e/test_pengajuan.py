"""The citizen's way in, in a real browser: a guest files a complaint with a photo, a logged-in citizen
files a permohonan with documents through the wizard; both land on the confirmation page. Screenshots of
the home page, a service standard, a wizard step, the complaint form and the confirmation at phone and
desktop widths."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.test import Client, override_settings

from antrian.models import Lampiran
from keluhan.models import KategoriKeluhan, Keluhan
from layanan.models import Permohonan
from tests.antrian.factories import PenggunaFactory, UnitFactory
from tests.e2e.conftest import _env_server
from tests.keluhan.berkas_uji import png_bytes
from tests.layanan.factories import PDF_KECIL, JenisLayananFactory, buat_layanan_akta, png_kecil


def _pantau_galat(page: Any) -> list[str]:
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    return galat


def test_tamu_mengirim_keluhan_dengan_lampiran_dan_mendapat_tautan_rahasia(
    situs: str, konteks: Any, potret: Any
) -> None:
    unit = UnitFactory(kode="dpupr", nama="Dinas Pekerjaan Umum")
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)
    page = konteks("ponsel").new_page()
    galat = _pantau_galat(page)

    page.goto(situs + "/")
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    potret(page, "pengajuan-beranda")
    page.locator(".pintu a[href='/keluhan/baru/']").click()
    page.wait_for_url(re.compile(r"/keluhan/baru/$"))
    # No tile server configured here (PETA_UBIN_URL is empty): no map button, the coordinates still work.
    assert page.locator("[data-pilih-peta]").count() == 0

    page.locator("#id_kategori").select_option("jalan-rusak")
    page.locator("#id_judul").fill("Lubang dalam di Jalan Merdeka")
    page.locator("#id_isi").fill("Lubang selebar satu meter, sudah dua minggu.")
    page.locator("#id_alamat").fill("Depan SD Negeri 3, Jalan Merdeka")
    page.locator("#id_lintang").fill("-2.5489")
    page.locator("#id_bujur").fill("118.0149")
    page.locator("#id_lampiran").set_input_files(
        [{"name": "lubang.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.locator("#id_kontak_nama").fill("Sari")
    page.locator("#id_kontak_email").fill("sari@contoh.id")
    potret(page, "pengajuan-keluhan")
    page.locator("form.form-keluhan button[type=submit]").click()

    page.wait_for_url(re.compile(r"/terkirim/ADU-"))
    nomor = page.locator(".nomor-tiket").inner_text().strip()
    tautan = page.locator("#tautan-lacak").input_value()
    assert tautan.startswith(f"{settings.SITE_URL}/lacak/{nomor}/?token=")
    potret(page, "pengajuan-terkirim-keluhan")

    keluhan = Keluhan.objects.select_related("tiket").get(tiket__nomor=nomor)
    assert keluhan.judul == "Lubang dalam di Jalan Merdeka"
    assert str(keluhan.lintang) == "-2.548900"
    assert keluhan.tiket.kontak_nama == "Sari"
    assert list(Lampiran.objects.filter(tiket=keluhan.tiket).values_list("nama_asli", flat=True)) == [
        "lubang.png"
    ]

    # Refreshing shows the ticket again but neither files a second complaint nor shows the token again.
    page.reload()
    assert page.locator(".nomor-tiket").inner_text().strip() == nomor
    assert page.locator("#tautan-lacak").count() == 0
    assert Keluhan.objects.count() == 1
    assert galat == []


def _masuk_dengan_kuki(page: Any, situs: str, pengguna: Any) -> None:
    # The login page is another helper's; a session made by the test client is just as real.
    # Sessions are signed with the server's SECRET_KEY, which the browser tests' server sets itself.
    klien = Client()
    with override_settings(SECRET_KEY=_env_server()["SECRET_KEY"]):
        klien.force_login(pengguna)
    kuki = klien.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": kuki.value, "url": situs}])


def test_warga_masuk_mengajukan_permohonan_dengan_dokumen_lewat_wizard(
    situs: str, konteks: Any, potret: Any
) -> None:
    unit = UnitFactory(kode="dukcapil", nama="Dinas Kependudukan dan Pencatatan Sipil")
    layanan = buat_layanan_akta(unit)
    JenisLayananFactory(unit=unit, kode="izin-umk", nama="Izin Usaha Mikro", kelompok="Perizinan")
    warga = PenggunaFactory(username="rina", nama_lengkap="Rina Wati", email="rina@contoh.id")
    page = konteks("ponsel").new_page()
    galat = _pantau_galat(page)
    _masuk_dengan_kuki(page, situs, warga)

    page.goto(f"{situs}/layanan/")
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    # With JavaScript the catalogue filters as the citizen types (htmx), and the address follows.
    assert page.get_by_role("link", name="Izin Usaha Mikro").count() == 1
    page.locator("#id_q").press_sequentially("akta")
    page.get_by_role("link", name="Izin Usaha Mikro").wait_for(state="detached")
    assert "q=akta" in page.url
    page.get_by_role("link", name="Akta Kelahiran").click()
    page.wait_for_url(re.compile(rf"/layanan/{layanan.kode}/$"))
    assert page.get_by_text("KTP orang tua").count() == 1
    potret(page, "pengajuan-standar-layanan")
    page.locator(".kartu-ajukan a.tombol").click()

    # Step 1: the service's own fields.
    page.wait_for_url(re.compile(r"/ajukan/data/$"))
    page.locator("button[value=lanjut]").click()
    assert page.locator(".ringkasan-galat").is_visible()
    page.get_by_label("Nama anak").fill("Budi")
    page.get_by_label("Tanggal lahir").fill("2026-11-01")
    page.get_by_label("Rumah sakit").check()
    page.get_by_label("Berat lahir (kg)").fill("3.25")
    potret(page, "pengajuan-wizard-data")
    page.locator("button[value=lanjut]").click()

    # Step 2: one upload per requirement; the file stays on the server between steps.
    page.wait_for_url(re.compile(r"/ajukan/dokumen/$"))
    page.get_by_label("KTP orang tua").set_input_files(
        [{"name": "ktp.pdf", "mimeType": "application/pdf", "buffer": PDF_KECIL}]
    )
    page.get_by_label("Kartu Keluarga").set_input_files(
        [{"name": "kk.png", "mimeType": "image/png", "buffer": png_kecil()}]
    )
    page.locator("button[value=lanjut]").click()

    # Step 3: review (a citizen's contact comes from the account), then send.
    page.wait_for_url(re.compile(r"/ajukan/tinjau/$"))
    assert page.get_by_text("ktp.pdf").count() == 1
    assert page.get_by_text("Rina Wati").count() >= 1
    potret(page, "pengajuan-wizard-tinjau")
    page.locator("button[value=kirim]").click()

    page.wait_for_url(re.compile(r"/terkirim/LYN-"))
    nomor = page.locator(".nomor-tiket").inner_text().strip()
    potret(page, "pengajuan-terkirim-permohonan")
    permohonan = Permohonan.objects.select_related("tiket").get(tiket__nomor=nomor)
    assert permohonan.tiket.pemohon_id == warga.pk
    assert permohonan.jawaban["nama-anak"] == "Budi"
    assert sorted(permohonan.tiket.lampiran.values_list("kode_persyaratan", flat=True)) == ["kk", "ktp"]
    # A citizen follows it from the account: no private link needed.
    assert page.locator("main a[href='/tiket-saya/']").count() == 1
    assert page.locator("#tautan-lacak").count() == 0
    assert galat == []
