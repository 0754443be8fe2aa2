"""The dashboard in a real browser: counters that update live, cards on a phone; the friendly error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import translation
from django.utils.translation import gettext

from antrian.models import Peran
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import UnitFactory, buat_manajer, buat_petugas, buat_tiket

SANDI = "rahasia-123"


def bisa_masuk(pengguna: Any) -> Any:
    """The tests hash with MD5 (tests/conftest.py), which the server process does not accept: store a
    PBKDF2 hash it can check (few iterations: a test, not a vault)."""
    pengguna.password = PBKDF2PasswordHasher().encode(SANDI, "garamdasbor", iterations=1000)
    pengguna.save(update_fields=["password"])
    return pengguna


def t(msgid: str) -> str:
    with translation.override("id"):
        return gettext(msgid)


def _nilai(page: Any, unit_id: int | str, kunci: str) -> str:
    return str(page.locator(f'[data-unit="{unit_id}"] [data-hitung="{kunci}"]').first.inner_text()).strip()


def test_penghitung_dasbor_bertambah_langsung_saat_keluhan_masuk_lewat_api(
    situs: str, konteks: Any, masuk: Any, potret: Any
) -> None:
    jalan = UnitFactory(kode="pupr", nama="Dinas Pekerjaan Umum dan Penataan Ruang")
    sosial = UnitFactory(kode="dinsos", nama="Dinas Sosial")
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=jalan)
    for _ in range(3):
        buat_tiket(jalan)
    buat_tiket(sosial)
    manajer = bisa_masuk(buat_manajer())

    page = konteks("desktop").new_page()
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    masuk(page, manajer.username, SANDI)
    respons = page.goto(f"{situs}/dasbor/")
    assert respons is not None and respons.status == 200
    # The consumer sends the counters on connect: the page says it is live.
    page.locator('[data-keadaan-aliran="langsung"]').wait_for()
    assert _nilai(page, jalan.pk, "baru") == "3"
    assert _nilai(page, "total", "baru") == "4"

    # Another browser context (a guest, own cookies) files a complaint through the API.
    tamu = konteks("ponsel")
    kirim = tamu.request.post(
        f"{situs}/api/v1/keluhan/",
        data={
            "kategori": "jalan-rusak",
            "judul": "Jalan berlubang di depan sekolah",
            "isi": "Lubang besar, berbahaya bagi pengendara motor.",
            "kontak_nama": "Budi",
            "kontak_email": "budi@contoh.id",
        },
    )
    assert kirim.status == 201, kirim.text()

    # Without a reload the row of that unit and the totals move; the other unit stays.
    tunggu = "([sel, n]) => document.querySelector(sel).textContent.trim() === n"
    page.wait_for_function(tunggu, arg=[f'[data-unit="{jalan.pk}"] [data-hitung="baru"]', "4"])
    page.wait_for_function(tunggu, arg=['[data-unit="total"] [data-hitung="baru"]', "5"])
    assert _nilai(page, sosial.pk, "baru") == "1"
    assert galat == []
    potret(page, "dasbor-manajer")


def test_supervisor_melihat_kartu_unitnya_di_ponsel(
    situs: str, konteks: Any, masuk: Any, potret: Any
) -> None:
    unit = UnitFactory(kode="disdukcapil", nama="Dinas Kependudukan dan Pencatatan Sipil")
    UnitFactory(kode="dinkes", nama="Dinas Kesehatan")
    kepala = buat_petugas(unit, peran=Peran.SUPERVISOR)
    bisa_masuk(kepala.pengguna)
    buat_tiket(unit)

    page = konteks("ponsel").new_page()
    masuk(page, kepala.pengguna.username, SANDI)
    page.goto(f"{situs}/dasbor/")
    page.locator('[data-keadaan-aliran="langsung"]').wait_for()
    assert page.get_by_text("Dinas Kependudukan dan Pencatatan Sipil").count() == 1
    assert page.get_by_text("Dinas Kesehatan").count() == 0
    # On a phone the table is a stack of cards: each counter carries its label.
    sel = page.locator(f'tr[data-unit="{unit.pk}"] td[data-hitung="baru"]')
    label = page.evaluate("el => getComputedStyle(el, '::before').content", sel.element_handle())
    assert t("New") in label
    potret(page, "dasbor-supervisor")


def test_halaman_galat_ramah(situs: str, konteks: Any, masuk: Any, potret: Any) -> None:
    unit = UnitFactory(kode="dinsos", nama="Dinas Sosial")
    biasa = buat_petugas(unit)
    bisa_masuk(biasa.pengguna)

    page = konteks("ponsel").new_page()
    respons = page.goto(f"{situs}/tidak-ada-di-sini/")
    assert respons is not None and respons.status == 404
    assert page.get_by_role("heading", name=t("Page not found")).count() == 1
    potret(page, "galat-404")

    # An officer without a supervisor role is refused the dashboard with the friendly page.
    masuk(page, biasa.pengguna.username, SANDI)
    respons = page.goto(f"{situs}/dasbor/")
    assert respons is not None and respons.status == 403
    assert page.get_by_role("heading", name=t("Access denied")).count() == 1
    potret(page, "galat-403")
