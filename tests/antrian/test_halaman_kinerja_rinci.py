"""The drill-down /dasbor/kinerja/tiket/ and the officer's own page /petugas/kinerja/."""

from __future__ import annotations

import re

import pytest

from antrian.models import Tiket
from antrian.selectors import kinerja as k
from tests.antrian.kinerja_data import ajukan, isi_unit, jumlah_rinci, kategori, selesaikan, t
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

RINCI = "/dasbor/kinerja/tiket/"
SAYA = "/petugas/kinerja/"


# --- drill-down ----------------------------------------------------------------------------------------


def test_tamu_warga_dan_petugas_tidak_bisa_membuka_rincian(client, warga, petugas):
    respons = client.get(RINCI, {"ukuran": "masuk"})
    assert respons.status_code == 302 and respons["Location"].startswith("/masuk/")
    client.force_login(warga)
    assert client.get(RINCI, {"ukuran": "masuk"}).status_code == 403
    client.force_login(petugas.pengguna)
    assert client.get(RINCI, {"ukuran": "masuk"}).status_code == 403


def test_ukuran_tak_dikenal_dijawab_400_dengan_pesan(client, manajer):
    client.force_login(manajer)
    respons = client.get(RINCI, {"ukuran": "kecepatan"})
    assert respons.status_code == 400
    html = respons.content.decode()
    assert (t("Unknown measure. Choose one of: %(d)s.") % {"d": ", ".join(k.UKURAN)}) in html
    assert client.get(RINCI).status_code == 400


def test_tanggal_dan_petugas_salah_dijawab_400(client, manajer):
    client.force_login(manajer)
    respons = client.get(RINCI, {"ukuran": "masuk", "sampai": "kemarin"})
    assert respons.status_code == 400
    assert t("Use a date in the form YYYY-MM-DD.") in respons.content.decode()
    assert client.get(RINCI, {"ukuran": "masuk", "petugas": "x"}).status_code == 400


def test_supervisor_tidak_bisa_merinci_unit_lain(client, unit_lain, supervisor):
    client.force_login(supervisor.pengguna)
    assert client.get(RINCI, {"ukuran": "masuk", "unit": unit_lain.pk}).status_code == 403


def test_rincian_sama_dengan_tiket_di_balik_dan_menaut_ke_halaman_petugas_bila_boleh(
    client, unit, petugas, supervisor, manajer
):
    s = isi_unit(unit, petugas, selesai=3, terbuka=2)
    diharapkan = set(
        k.tiket_di_balik(
            aktor=aktor(manajer),
            rentang=k.Rentang.bawaan(),
            ukuran="selesai",
            saringan=k.Saringan(unit_ids=frozenset({unit.pk})),
        ).values_list("nomor", flat=True)
    )
    assert len(diharapkan) == 3
    client.force_login(supervisor.pengguna)
    html = client.get(RINCI, {"ukuran": "selesai", "unit": unit.pk}).content.decode()
    assert jumlah_rinci(html) == 3
    assert set(re.findall(r'<tr data-nomor="([^"]+)"', html)) == diharapkan
    # A supervisor is a member of the unit: each number opens the officer's ticket page.
    for nomor in diharapkan:
        assert f'href="/petugas/tiket/{nomor}/"' in html
    # A manager has no officer workspace: the numbers are plain text.
    client.force_login(manajer)
    html = client.get(RINCI, {"ukuran": "selesai", "unit": unit.pk}).content.decode()
    assert jumlah_rinci(html) == 3
    assert "/petugas/tiket/" not in html
    assert s.tiket[0].nomor in html


def test_rincian_per_petugas_hanya_tiket_petugas_itu(client, unit, petugas, petugas_kedua, manajer):
    kat = kategori(unit, "air", "Air bersih")
    for _ in range(2):
        selesaikan(ajukan(kat), petugas)
    selesaikan(ajukan(kat), petugas_kedua)
    client.force_login(manajer)
    html = client.get(
        RINCI, {"ukuran": "selesai", "unit": unit.pk, "petugas": petugas_kedua.pk}
    ).content.decode()
    assert jumlah_rinci(html) == 1
    assert petugas_kedua.nama in html


def test_rincian_dibagi_per_50_dengan_kueri_datar(client, unit, manajer, django_assert_max_num_queries):
    kat = kategori(unit, "jalan", "Jalan rusak")
    for i in range(3):
        ajukan(kat, f"Keluhan {i}")
    client.force_login(manajer)
    with django_assert_max_num_queries(20) as sedikit:
        assert client.get(RINCI, {"ukuran": "masuk"}).status_code == 200
    for i in range(60):
        ajukan(kat, f"Keluhan lagi {i}")
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        respons = client.get(RINCI, {"ukuran": "masuk"})
    html = respons.content.decode()
    assert jumlah_rinci(html) == 63
    assert html.count("<tr data-nomor=") == 50
    assert 'rel="next"' in html
    html = client.get(RINCI, {"ukuran": "masuk", "halaman": 2}).content.decode()
    assert html.count("<tr data-nomor=") == 13
    assert Tiket.objects.count() == 63


# --- the officer's own page ---------------------------------------------------------------------------


def test_halaman_kinerja_saya_hanya_untuk_petugas(client, warga, manajer):
    assert client.get(SAYA).status_code == 302
    client.force_login(warga)
    assert client.get(SAYA).status_code == 403
    client.force_login(manajer)
    respons = client.get(SAYA)
    assert respons.status_code == 403
    assert t("Only officers have their own performance page.") in respons.content.decode()


def test_petugas_melihat_angkanya_di_samping_unit_tanpa_nama_rekan(client, unit, petugas, petugas_kedua):
    isi_unit(unit, petugas, selesai=2, terbuka=1)
    kat = kategori(unit, "air", "Air bersih")
    selesaikan(ajukan(kat), petugas_kedua)
    client.force_login(petugas.pengguna)
    respons = client.get(SAYA)
    assert respons.status_code == 200
    html = respons.content.decode()
    assert unit.nama in html
    assert t("the whole unit") in html
    assert petugas_kedua.nama not in html
    assert petugas_kedua.pengguna.username not in html
    # The workspace tabs link here.
    assert 'href="/petugas/kinerja/" aria-current="page"' in html
    assert 'href="/petugas/kinerja/"' in client.get("/petugas/").content.decode()


def test_bahan_pengembangan_bila_petugas_lebih_lambat_dari_unit(client, unit, petugas, petugas_kedua):
    import datetime as dt

    from antrian.models import MetrikTiket

    kat = kategori(unit, "air", "Air bersih")
    lambat = [ajukan(kat, f"Lambat {i}") for i in range(3)]
    for tiket in lambat:
        selesaikan(tiket, petugas)
    for i in range(3):
        selesaikan(ajukan(kat, f"Cepat {i}"), petugas_kedua)
    # The officer's resolutions took far longer than the colleague's (summary rows set as they would be
    # after long work; the services run within a second here).
    MetrikTiket.objects.filter(pk__in=[x.pk for x in lambat]).update(selesai_kerja=dt.timedelta(hours=20))
    MetrikTiket.objects.filter(selesai_petugas=petugas_kedua).update(selesai_kerja=dt.timedelta(hours=2))
    client.force_login(petugas.pengguna)
    html = client.get(SAYA).content.decode()
    daftar = re.search(r'<ul class="kinerja-perhatian">(.*?)</ul>', html, re.S)
    assert daftar, "no growth list"
    assert f"<strong>{kat.nama}</strong>" in daftar.group(1)
    assert "20,0" in daftar.group(1) and "11,0" in daftar.group(1)  # own median and the unit's (all six)


def test_rentang_salah_di_halaman_saya_dijawab_400(client, petugas):
    client.force_login(petugas.pengguna)
    respons = client.get(SAYA, {"dari": "31-12-2026"})
    assert respons.status_code == 400
    assert t("Use a date in the form YYYY-MM-DD.") in respons.content.decode()


def test_jumlah_kueri_halaman_saya_datar(client, unit, petugas, django_assert_max_num_queries):
    isi_unit(unit, petugas, selesai=1, terbuka=1)
    client.force_login(petugas.pengguna)
    # kinerja_saya reads four figure sets (own, units, own per service, units per service); PostgreSQL
    # adds a SET LOCAL and savepoints per set. The second request must not need more.
    with django_assert_max_num_queries(80) as sedikit:
        assert client.get(SAYA).status_code == 200
    kat = kategori(unit, "air", "Air bersih")
    for i in range(6):
        selesaikan(ajukan(kat, f"Lagi {i}"), petugas)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        assert client.get(SAYA).status_code == 200
