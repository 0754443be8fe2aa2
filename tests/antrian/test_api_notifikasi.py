"""GET /api/v1/notifikasi/ and POST /api/v1/notifikasi/<id>/dibaca/: one's own notifications only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from antrian.models import JenisNotifikasi, Notifikasi, Tiket
from tests.antrian.factories import buat_tiket

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifikasi/"


def _dibaca(notifikasi_id: int) -> str:
    return f"{URL}{notifikasi_id}/dibaca/"


def _notifikasi(
    penerima: object, tiket: Tiket, *, menit_lalu: int = 0, jenis: str = "terlambat"
) -> Notifikasi:
    pengguna = getattr(penerima, "pengguna", penerima)
    return Notifikasi.objects.create(
        penerima=pengguna,
        tiket=tiket,
        jenis=jenis,
        kunci=f"{jenis}:{tiket.pk}:{pengguna.pk}:{menit_lalu}",
        pesan=f"Tiket {tiket.nomor} telah melewati tenggat.",
        dibuat_pada=timezone.now() - dt.timedelta(minutes=menit_lalu),
    )


@pytest.fixture
def tiket(unit, warga):  # type: ignore[no-untyped-def]
    return buat_tiket(unit, pemohon=warga).tiket


def test_tanpa_masuk_dijawab_401(api_client, supervisor, tiket):
    milik = _notifikasi(supervisor, tiket)
    assert api_client.get(URL).status_code == 401
    assert api_client.post(_dibaca(milik.pk)).status_code == 401
    assert Notifikasi.objects.get(pk=milik.pk).dibaca_pada is None


def test_daftar_hanya_milik_sendiri_terbaru_dulu(klien_untuk, supervisor, supervisor_unit_lain, tiket):
    lama = _notifikasi(supervisor, tiket, menit_lalu=30)
    baru = _notifikasi(supervisor, tiket, menit_lalu=1, jenis=JenisNotifikasi.HAMPIR_JATUH_TEMPO)
    _notifikasi(supervisor_unit_lain, tiket)
    respons = klien_untuk(supervisor).get(URL)
    assert respons.status_code == 200
    data = respons.json()
    assert data["count"] == 2
    assert [n["id"] for n in data["results"]] == [baru.pk, lama.pk]
    pertama = data["results"][0]
    assert pertama["jenis"] == "hampir_jatuh_tempo"
    assert pertama["jenis_label"] == "Hampir jatuh tempo"
    assert pertama["tiket"] == {"nomor": tiket.nomor, "judul": tiket.judul}
    assert pertama["dibaca_pada"] is None
    assert pertama["pesan"] == baru.pesan


def test_warga_tanpa_notifikasi_mendapat_daftar_kosong(klien_untuk, warga, supervisor, tiket):
    _notifikasi(supervisor, tiket)
    respons = klien_untuk(warga).get(URL)
    assert respons.status_code == 200
    assert respons.json()["count"] == 0


def test_saring_belum_dibaca_dan_paginasi(klien_untuk, supervisor, tiket):
    semua = [_notifikasi(supervisor, tiket, menit_lalu=i) for i in range(5)]
    Notifikasi.objects.filter(pk=semua[0].pk).update(dibaca_pada=timezone.now())
    klien = klien_untuk(supervisor)
    assert klien.get(URL, {"belum_dibaca": "true"}).json()["count"] == 4
    halaman = klien.get(URL, {"ukuran": 2, "halaman": 3}).json()
    assert halaman["count"] == 5
    assert [n["id"] for n in halaman["results"]] == [semua[4].pk]
    assert klien.get(URL, {"belum_dibaca": "mungkin"}).status_code == 400


def test_jumlah_kueri_daftar_tidak_tumbuh(klien_untuk, unit, warga, supervisor):
    klien = klien_untuk(supervisor)

    def kueri() -> int:
        with CaptureQueriesContext(connection) as tertangkap:
            assert klien.get(URL, {"ukuran": 100}).status_code == 200
        return len(tertangkap)

    for i in range(3):
        _notifikasi(supervisor, buat_tiket(unit, pemohon=warga).tiket, menit_lalu=i)
    sedikit = kueri()
    for i in range(27):
        _notifikasi(supervisor, buat_tiket(unit, pemohon=warga).tiket, menit_lalu=i)
    assert kueri() == sedikit


def test_tandai_dibaca_mencatat_waktu_pertama(klien_untuk, supervisor, tiket):
    milik = _notifikasi(supervisor, tiket)
    klien = klien_untuk(supervisor)
    respons = klien.post(_dibaca(milik.pk))
    assert respons.status_code == 200
    assert respons.json()["id"] == milik.pk
    pertama = Notifikasi.objects.get(pk=milik.pk).dibaca_pada
    assert pertama is not None
    # Reading it again is harmless and keeps the first time.
    assert klien.post(_dibaca(milik.pk)).status_code == 200
    assert Notifikasi.objects.get(pk=milik.pk).dibaca_pada == pertama
    assert klien.get(URL, {"belum_dibaca": "true"}).json()["count"] == 0


def test_notifikasi_orang_lain_dijawab_404_seperti_yang_tidak_ada(
    klien_untuk, supervisor, supervisor_unit_lain, tiket
):
    milik_orang_lain = _notifikasi(supervisor, tiket)
    klien = klien_untuk(supervisor_unit_lain)
    lain = klien.post(_dibaca(milik_orang_lain.pk))
    tidak_ada = klien.post(_dibaca(milik_orang_lain.pk + 1000))
    assert (lain.status_code, tidak_ada.status_code) == (404, 404)
    assert lain.json() == tidak_ada.json()
    assert Notifikasi.objects.get(pk=milik_orang_lain.pk).dibaca_pada is None


def test_daftar_tidak_menerima_post_dan_dibaca_tidak_menerima_get(klien_untuk, supervisor, tiket):
    milik = _notifikasi(supervisor, tiket)
    klien = klien_untuk(supervisor)
    assert klien.post(URL).status_code == 405
    assert klien.get(_dibaca(milik.pk)).status_code == 405
