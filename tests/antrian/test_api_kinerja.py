"""The metrics API: the selector's figures, unchanged, behind the right permissions."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from antrian import services
from antrian.api.kinerja.serializers import TiketKinerjaOutput
from antrian.api.kinerja.views import PaginasiKinerja, baris_api
from antrian.ekspor import baris_tiket
from antrian.izin import Aktor
from antrian.metrik.skm import UNSUR
from antrian.models import AlasanTolak
from antrian.selectors import kinerja
from antrian.selectors.kinerja import Rentang, Saringan
from tests.antrian.factories import buat_tiket

pytestmark = pytest.mark.django_db


def _rentang() -> Rentang:
    hari_ini = timezone.localdate()
    return Rentang(dari=hari_ini - dt.timedelta(days=13), sampai=hari_ini)


def _q(**lain: Any) -> dict[str, Any]:
    r = _rentang()
    return {"dari": r.dari.isoformat(), "sampai": r.sampai.isoformat(), **lain}


def _json(nilai: Any) -> Any:
    return json.loads(json.dumps(nilai, cls=DjangoJSONEncoder))


def _aktor(siapa: Any) -> Aktor:
    return Aktor.dari_pengguna(getattr(siapa, "pengguna", siapa))


def _selesaikan(tiket: Any, petugas: Any) -> None:
    a = _aktor(petugas)
    services.tiket_ambil(tiket=tiket, aktor=a)
    services.tiket_mulai(tiket=tiket, aktor=a)
    services.tiket_selesaikan(tiket=tiket, aktor=a, catatan="Sudah diperbaiki.")


def buat_skenario(
    unit: Any, unit_lain: Any, petugas: Any, petugas_unit_lain: Any, warga: Any
) -> dict[str, Any]:
    """In `unit`: one resolved (with a survey), one rejected as spam, one open. In `unit_lain`: one
    resolved. Returns the tikets by name."""
    selesai = buat_tiket(unit, pemohon=warga, judul="KTP rusak").tiket
    _selesaikan(selesai, petugas)
    services.survei_isi(tiket=selesai, aktor=_aktor(warga), jawaban={u: 4 for u in UNSUR})
    ditolak = buat_tiket(unit, judul="Iklan").tiket
    services.tiket_tolak(tiket=ditolak, aktor=_aktor(petugas), alasan=AlasanTolak.SPAM, catatan="Spam.")
    terbuka = buat_tiket(unit, judul="Jalan berlubang").tiket
    lain = buat_tiket(unit_lain, judul="Izin usaha").tiket
    _selesaikan(lain, petugas_unit_lain)
    return {"selesai": selesai, "ditolak": ditolak, "terbuka": terbuka, "lain": lain}


@pytest.fixture
def skenario(unit, unit_lain, petugas, supervisor, petugas_unit_lain, warga):  # type: ignore[no-untyped-def]
    return buat_skenario(unit, unit_lain, petugas, petugas_unit_lain, warga)


# --- figures equal the selector's -------------------------------------------------------------------------


def test_kinerja_unit_sama_dengan_selektor_untuk_manajer(skenario, manajer, klien_untuk):
    r = klien_untuk(manajer).get("/api/v1/kinerja/unit/", _q())
    assert r.status_code == 200
    a = _aktor(manajer)
    harap = [baris_api(b) for b in kinerja.kinerja_unit(aktor=a, rentang=_rentang())]
    assert r.json()["baris"] == _json(harap)
    assert r.json()["total"] == _json(baris_api(kinerja.kinerja_total(aktor=a, rentang=_rentang())))
    assert r.json()["total"]["selesai"] == 2
    assert r.json()["rentang"] == {"dari": _q()["dari"], "sampai": _q()["sampai"]}


def test_supervisor_hanya_melihat_unitnya_sendiri(skenario, supervisor, unit, klien_untuk):
    r = klien_untuk(supervisor).get("/api/v1/kinerja/unit/", _q())
    assert r.status_code == 200
    assert [b["kunci"] for b in r.json()["baris"]] == [unit.pk]
    baris = r.json()["baris"][0]
    assert baris["selesai"] == 1 and baris["ditolak"]["spam"] == 1 and baris["terbuka"] == 1
    assert baris["tingkat_tolak"] == 50.0


def test_kinerja_petugas_dengan_kode_atau_id_unit(skenario, supervisor, petugas, unit, klien_untuk):
    klien = klien_untuk(supervisor)
    harap = _json(
        [
            baris_api(b)
            for b in kinerja.kinerja_petugas(aktor=_aktor(supervisor), rentang=_rentang(), unit_id=unit.pk)
        ]
    )
    for nilai in (unit.kode, str(unit.pk)):
        r = klien.get("/api/v1/kinerja/petugas/", _q(unit=nilai))
        assert r.status_code == 200
        assert r.json()["baris"] == harap
        assert r.json()["unit"] == {"id": unit.pk, "kode": unit.kode, "nama": unit.nama}
    milik = next(b for b in r.json()["baris"] if b["kunci"] == petugas.pk)
    # One answer only: the officer-level SKM is hidden, and says so.
    assert milik["skm"] is None and milik["skm_disembunyikan"] is True
    assert milik["masuk"] is None


def test_kinerja_petugas_tanpa_unit_400_dan_unit_tak_dikenal_404(skenario, supervisor, klien_untuk):
    klien = klien_untuk(supervisor)
    r = klien.get("/api/v1/kinerja/petugas/", _q())
    assert r.status_code == 400 and "unit" in r.json()["galat"]["rincian"]
    r = klien.get("/api/v1/kinerja/petugas/", _q(unit="tidak-ada"))
    assert r.status_code == 404 and r.json()["galat"]["kode"] == "tidak_ditemukan"


def test_kinerja_layanan_dan_tren_sama_dengan_selektor(skenario, manajer, klien_untuk):
    klien, a = klien_untuk(manajer), _aktor(manajer)
    r = klien.get("/api/v1/kinerja/layanan/", _q(jenis="keluhan"))
    assert r.status_code == 200
    s = Saringan(jenis="keluhan")
    harap = [baris_api(b) for b in kinerja.kinerja_layanan(aktor=a, rentang=_rentang(), saringan=s)]
    assert r.json()["baris"] == _json(harap)
    r = klien.get("/api/v1/kinerja/tren/", _q())
    assert r.status_code == 200
    titik = kinerja.tren_mingguan(aktor=a, rentang=_rentang())
    assert [t["minggu"] for t in r.json()["titik"]] == [t.minggu.isoformat() for t in titik]
    assert [(t["masuk"], t["selesai"], t["kepatuhan_sla"]) for t in r.json()["titik"]] == [
        (t.masuk, t.selesai, t.kepatuhan_sla) for t in titik
    ]
    assert sum(t["masuk"] for t in r.json()["titik"]) == 4


def test_kinerja_saya_untuk_petugas(skenario, petugas, klien_untuk):
    r = klien_untuk(petugas).get("/api/v1/kinerja/saya/", _q())
    assert r.status_code == 200
    hasil = kinerja.kinerja_saya(aktor=_aktor(petugas), rentang=_rentang())
    assert r.json()["saya"] == _json(baris_api(hasil.saya))
    assert r.json()["unit"] == _json([baris_api(b) for b in hasil.unit])
    assert len(r.json()["layanan"]) == len(hasil.layanan)
    assert r.json()["saya"]["selesai"] == 1


def test_skm_per_unit_dan_per_petugas_disembunyikan_di_bawah_batas(
    skenario, supervisor, petugas, unit, klien_untuk
):
    klien = klien_untuk(supervisor)
    r = klien.get("/api/v1/kinerja/skm/", _q(per="unit"))
    assert r.status_code == 200
    (baris,) = r.json()["baris"]
    assert baris["skm"]["responden"] == 1 and baris["skm"]["nilai"] == 100.0 and baris["skm"]["mutu"] == "A"
    assert baris["disembunyikan"] is False
    r = klien.get("/api/v1/kinerja/skm/", _q(per="petugas", unit=unit.kode))
    milik = next(b for b in r.json()["baris"] if b["kunci"] == petugas.pk)
    assert milik == {"kunci": petugas.pk, "nama": petugas.nama, "skm": None, "disembunyikan": True}
    assert klien.get("/api/v1/kinerja/skm/", _q(per="bulan")).status_code == 400


def test_tiket_di_balik_angka_dengan_paginasi(skenario, supervisor, unit, klien_untuk, monkeypatch):
    for i in range(4):
        buat_tiket(unit, judul=f"Tambahan {i}")
    klien = klien_untuk(supervisor)
    a = _aktor(supervisor)
    semua = list(kinerja.tiket_di_balik(aktor=a, rentang=_rentang(), ukuran="terbuka"))
    assert len(semua) == 5
    r = klien.get("/api/v1/kinerja/tiket/", _q(ukuran="terbuka", limit=2))
    assert r.status_code == 200
    isi = r.json()
    assert isi["count"] == 5 and len(isi["results"]) == 2 and isi["next"]
    assert [t["nomor"] for t in isi["results"]] == [t.nomor for t in semua[:2]]
    assert isi["results"][0] == _json(TiketKinerjaOutput(baris_tiket(semua[0])).data)
    r = klien.get("/api/v1/kinerja/tiket/", _q(ukuran="terbuka", limit=2, offset=4))
    assert [t["nomor"] for t in r.json()["results"]] == [semua[4].nomor]
    # A page never holds more than the maximum, whatever `limit` asks for.
    monkeypatch.setattr(PaginasiKinerja, "max_limit", 3)
    r = klien.get("/api/v1/kinerja/tiket/", _q(ukuran="terbuka", limit=1000))
    assert len(r.json()["results"]) == 3


def test_tiket_di_balik_angka_selesai_memuat_durasi(skenario, manajer, klien_untuk):
    r = klien_untuk(manajer).get("/api/v1/kinerja/tiket/", _q(ukuran="selesai"))
    assert r.status_code == 200
    nomor = {t["nomor"]: t for t in r.json()["results"]}
    assert set(nomor) == {skenario["selesai"].nomor, skenario["lain"].nomor}
    t = nomor[skenario["selesai"].nomor]
    assert t["selesai_pada"] and t["penyelesaian_jam_kalender"] is not None and t["tepat_waktu"] is True
    assert t["petugas"]["nama"]


def test_tiket_ukuran_tak_dikenal_atau_kosong_400(skenario, supervisor, klien_untuk):
    klien = klien_untuk(supervisor)
    for q in (_q(), _q(ukuran="semuanya")):
        r = klien.get("/api/v1/kinerja/tiket/", q)
        assert r.status_code == 400 and "ukuran" in r.json()["galat"]["rincian"]


def test_tiket_query_tetap_untuk_halaman_penuh(
    skenario, supervisor, unit, klien_untuk, django_assert_max_num_queries
):
    for i in range(30):
        buat_tiket(unit, judul=f"Antre {i}")
    klien = klien_untuk(supervisor)
    with django_assert_max_num_queries(12):
        r = klien.get("/api/v1/kinerja/tiket/", _q(ukuran="terbuka", limit=200))
    assert len(r.json()["results"]) == 31


# --- permissions ------------------------------------------------------------------------------------------

SEMUA = ["unit", "petugas", "layanan", "tren", "saya", "tiket", "skm"]


@pytest.mark.parametrize("nama", SEMUA)
def test_tanpa_masuk_401(nama, api_client, db):
    r = api_client.get(f"/api/v1/kinerja/{nama}/")
    assert r.status_code == 401 and r.json()["galat"]["kode"] == "belum_masuk"


@pytest.mark.parametrize("nama", SEMUA)
def test_warga_403(nama, warga, klien_untuk):
    r = klien_untuk(warga).get(f"/api/v1/kinerja/{nama}/", _q(unit="dukcapil", ukuran="masuk"))
    assert r.status_code == 403 and r.json()["galat"]["kode"] == "tidak_diizinkan"


@pytest.mark.parametrize("nama", [n for n in SEMUA if n != "saya"])
def test_petugas_biasa_hanya_boleh_kinerja_saya(nama, skenario, petugas, unit, klien_untuk):
    r = klien_untuk(petugas).get(f"/api/v1/kinerja/{nama}/", _q(unit=unit.kode, ukuran="masuk"))
    assert r.status_code == 403


@pytest.mark.parametrize("nama", ["unit", "petugas", "layanan", "tren", "tiket", "skm"])
def test_supervisor_tidak_bisa_melihat_unit_lain(nama, skenario, supervisor, unit_lain, klien_untuk):
    r = klien_untuk(supervisor).get(f"/api/v1/kinerja/{nama}/", _q(unit=unit_lain.kode, ukuran="masuk"))
    assert r.status_code == 403 and r.json()["galat"]["kode"] == "tidak_diizinkan"


def test_manajer_melihat_semua_unit_dan_tidak_punya_kinerja_saya(
    skenario, manajer, unit, unit_lain, klien_untuk
):
    klien = klien_untuk(manajer)
    r = klien.get("/api/v1/kinerja/unit/", _q())
    assert {b["kunci"] for b in r.json()["baris"]} == {unit.pk, unit_lain.pk}
    assert klien.get("/api/v1/kinerja/petugas/", _q(unit=unit_lain.kode)).status_code == 200
    assert klien.get("/api/v1/kinerja/saya/", _q()).status_code == 403


# --- bad parameters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "medan"),
    [
        ({"dari": "2026-02-30"}, "dari"),
        ({"sampai": "kemarin"}, "sampai"),
        ({"dari": "2026-11-28", "sampai": "2026-11-01"}, "dari"),
        ({"dari": "2020-01-01", "sampai": "2026-01-01"}, "dari"),
        ({"jenis": "surat"}, "jenis"),
        ({"layanan": "apa saja"}, "layanan"),
        ({"layanan": "layanan:999999"}, "layanan"),
    ],
)
def test_parameter_salah_400(q, medan, supervisor, klien_untuk):
    r = klien_untuk(supervisor).get("/api/v1/kinerja/unit/", q)
    assert r.status_code == 400
    assert r.json()["galat"]["kode"] == "data_tidak_valid"
    assert medan in r.json()["galat"]["rincian"]


def test_tanggal_salah_kinerja_saya_400(petugas, klien_untuk):
    r = klien_untuk(petugas).get("/api/v1/kinerja/saya/", {"dari": "28-11-2026"})
    assert r.status_code == 400 and "dari" in r.json()["galat"]["rincian"]


def test_unit_tak_dikenal_404(supervisor, klien_untuk):
    r = klien_untuk(supervisor).get("/api/v1/kinerja/unit/", {"unit": "tidak-ada"})
    assert r.status_code == 404


# --- schema -----------------------------------------------------------------------------------------------


def test_skema_memuat_semua_endpoint_kinerja(api_client, db):
    import yaml

    skema = yaml.safe_load(api_client.get("/api/schema/").content)
    for nama in SEMUA:
        operasi = skema["paths"][f"/api/v1/kinerja/{nama}/"]["get"]
        assert operasi["operationId"] == f"kinerja_{nama}"
    properti = skema["components"]["schemas"]["BarisKinerjaOutput"]["properties"]
    assert {"respons_jam_kerja", "kepatuhan_sla", "ditolak", "umur_hari_kerja", "skm"} <= set(properti)
    parameter = {p["name"] for p in skema["paths"]["/api/v1/kinerja/tiket/"]["get"]["parameters"]}
    assert {"ukuran", "limit", "offset", "dari", "sampai", "unit", "petugas"} <= parameter


def test_skema_dibangkitkan_tanpa_peringatan(tmp_path, db):
    # --fail-on-warn turns any drf-spectacular warning (unresolvable field, name collision) into an error.
    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"), stdout=StringIO()
    )
    assert (tmp_path / "s.yaml").stat().st_size > 0
