"""The metrics pages in a real browser: charts drawn at desktop and phone widths, a count opening the
tikets behind it, the officer's own page. Elements are found by data attributes and URLs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from antrian.models import Peran
from tests.antrian.factories import UnitFactory, buat_manajer, buat_petugas
from tests.antrian.kinerja_data import isi_unit
from tests.e2e.conftest import ARTEFAK

SANDI = "rahasia-123"


def _bisa_masuk(pengguna: Any) -> Any:
    """The server process does not accept the tests' MD5 hashes: store a PBKDF2 one (few iterations)."""
    pengguna.password = PBKDF2PasswordHasher().encode(SANDI, "garamkinerja", iterations=1000)
    pengguna.save(update_fields=["password"])
    return pengguna


def _tanpa_luapan(page: Any) -> None:
    """Nothing wider than the screen except inside a table's scroll box."""
    lebar = page.evaluate(
        """() => { const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('main *')].filter(el => {
          if (el.closest('.tabel-wadah')) return false;
          const r = el.getBoundingClientRect(); return r.width > 0 && r.right > w + 1;
        }).map(el => el.tagName + '.' + el.className).slice(0, 5); }"""
    )
    assert lebar == [], lebar


def test_manajer_melihat_grafik_dan_merinci_hitungan(
    situs: str, konteks: Any, masuk: Any, potret: Any
) -> None:
    unit = UnitFactory(kode="disdukcapil", nama="Dinas Kependudukan dan Pencatatan Sipil")
    lain = UnitFactory(kode="dinsos", nama="Dinas Sosial")
    petugas = buat_petugas(unit)
    buat_petugas(lain, peran=Peran.SUPERVISOR)
    isi_unit(unit, petugas, selesai=4, terbuka=2, ditolak=1)
    isi_unit(lain, buat_petugas(lain), selesai=2, terbuka=3)
    manajer = _bisa_masuk(buat_manajer())

    for ukuran in ("desktop", "ponsel"):
        page = konteks(ukuran).new_page()
        galat: list[str] = []
        page.on("pageerror", lambda e, g=galat: g.append(str(e)))
        masuk(page, manajer.username, SANDI)
        respons = page.goto(f"{situs}/dasbor/kinerja/?unit_petugas={unit.pk}")
        assert respons is not None and respons.status == 200
        # Both charts drew a canvas inside their box, within the box's width.
        for nama in ("volume", "sla"):
            kotak = page.locator(f'.grafik[data-grafik="{nama}"]')
            kotak.locator("canvas").first.wait_for()
            lebar_kotak = kotak.evaluate("el => el.clientWidth")
            lebar_kanvas = kotak.locator("canvas").first.evaluate("el => el.getBoundingClientRect().width")
            assert 0 < lebar_kanvas <= lebar_kotak + 1
        _tanpa_luapan(page)
        assert galat == []
        # The charts and the first table up close (the full-page shots are long).
        page.locator("#judul-tren").locator("..").screenshot(
            path=str(ARTEFAK / f"kinerja-grafik-{ukuran}.png")
        )
        page.locator("#judul-per-unit").locator("..").locator("..").screenshot(
            path=str(ARTEFAK / f"kinerja-tabel-unit-{ukuran}.png")
        )
        potret(page, f"kinerja-manajer-{ukuran}")

    # A count opens the tikets behind it: the list has exactly that many.
    tautan = page.locator(f'#tabel-unit tr[data-kunci="{unit.pk}"] a[data-rinci="selesai"]')
    angka = int(tautan.inner_text().strip())
    assert angka == 4
    tautan.click()
    page.wait_for_url("**/dasbor/kinerja/tiket/**")
    assert int(page.locator("[data-jumlah]").get_attribute("data-jumlah") or -1) == angka
    assert page.locator("tr[data-nomor]").count() == angka
    potret(page, "kinerja-rincian")


def test_grafik_mengikuti_lebar_saat_layar_berubah(situs: str, konteks: Any, masuk: Any) -> None:
    unit = UnitFactory(kode="pupr", nama="Dinas PUPR")
    isi_unit(unit, buat_petugas(unit), selesai=2, terbuka=1)
    manajer = _bisa_masuk(buat_manajer())
    page = konteks("desktop").new_page()
    masuk(page, manajer.username, SANDI)
    page.goto(f"{situs}/dasbor/kinerja/")
    kanvas = page.locator('.grafik[data-grafik="volume"] canvas').first
    kanvas.wait_for()
    lebar_awal = kanvas.evaluate("el => el.getBoundingClientRect().width")
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_function(
        "w => document.querySelector('.grafik[data-grafik=volume] canvas').getBoundingClientRect().width < w",
        arg=lebar_awal,
    )
    assert kanvas.evaluate("el => el.getBoundingClientRect().width") <= 360


def test_petugas_membuka_kinerja_saya(situs: str, konteks: Any, masuk: Any, potret: Any) -> None:
    unit = UnitFactory(kode="dinkes", nama="Dinas Kesehatan")
    petugas = buat_petugas(unit)
    isi_unit(unit, petugas, selesai=3, terbuka=1)
    _bisa_masuk(petugas.pengguna)
    page = konteks("ponsel").new_page()
    masuk(page, petugas.pengguna.username, SANDI)
    page.goto(f"{situs}/petugas/")
    page.locator('a[href="/petugas/kinerja/"]').first.click()
    page.wait_for_url("**/petugas/kinerja/")
    assert page.locator("table.kinerja-banding").count() == 1
    assert page.get_by_text("Dinas Kesehatan").count() >= 1
    potret(page, "kinerja-saya")


def test_angka_kinerja_menyegarkan_diri_saat_antrian_berubah(situs: str, konteks: Any, masuk: Any) -> None:
    from keluhan.models import KategoriKeluhan

    unit = UnitFactory(kode="pupr", nama="Dinas Pekerjaan Umum dan Penataan Ruang")
    petugas = buat_petugas(unit)
    isi_unit(unit, petugas, selesai=2, terbuka=1)
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)
    manajer = _bisa_masuk(buat_manajer())

    page = konteks("desktop").new_page()
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    masuk(page, manajer.username, SANDI)
    page.goto(f"{situs}/dasbor/kinerja/")
    diajukan = '.kinerja-angka a[data-rinci="masuk"]'
    awal = int(page.locator(diajukan).inner_text().strip())
    page.locator('.grafik[data-grafik="volume"] canvas').first.wait_for()

    # A guest files a complaint through the API in another browser context.
    kirim = konteks("ponsel").request.post(
        f"{situs}/api/v1/keluhan/",
        data={
            "kategori": "jalan-rusak",
            "judul": "Jalan berlubang",
            "isi": "Lubang besar di depan pasar.",
            "kontak_nama": "Budi",
            "kontak_email": "budi@contoh.id",
        },
    )
    assert kirim.status == 201, kirim.text()

    # Without a reload the headline count moves and the charts are drawn again.
    page.wait_for_function(
        "([sel, n]) => document.querySelector(sel)?.textContent.trim() === n", arg=[diajukan, str(awal + 1)]
    )
    page.locator('.grafik[data-grafik="volume"] canvas').first.wait_for()
    assert galat == []
