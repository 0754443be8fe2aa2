"""Uploaded files (issue 7 item 4): what is stored and how it is handed out.

- names are random, files live outside the static root and nothing routes /media/;
- downloads: only for who may see the tiket (404 that leaks nothing otherwise), always an attachment
  with nosniff, a sandbox CSP and no caching.

The full who-sees-what matrix over every endpoint lives with the authorisation tests; here the serving
views are checked for the file-specific behaviour.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import Resolver404, resolve

import config.settings as konfigurasi
from antrian import services
from antrian.berkas import periksa_berkas
from antrian.izin import Aktor
from antrian.models import Lampiran
from tests.antrian.factories import PenggunaFactory, buat_manajer, buat_petugas, buat_tiket
from tests.conftest import aktor
from tests.keamanan._berkas_umum import PDF, _berkas
from tests.layanan.factories import buat_layanan_akta

pytestmark = pytest.mark.django_db


# --- 3. names and location ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nama", ["../../etc/passwd.pdf", "KTP Siti Aminah.pdf", "<img src=x>.pdf", "a\x00b.pdf"]
)
def test_nama_berkas_di_disk_acak_dan_tidak_memuat_nama_klien(unit, warga, nama: str) -> None:
    tiket = buat_tiket(unit, pemohon=warga).tiket
    dua = [periksa_berkas(_berkas(nama, PDF)) for _ in range(2)]
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="x", lampiran=dua)

    a, b = Lampiran.objects.filter(tiket=tiket).order_by("id")
    for lampiran in (a, b):
        assert re.fullmatch(r"lampiran/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", lampiran.berkas.name)
        assert (
            Path(settings.MEDIA_ROOT, lampiran.berkas.name)
            .resolve()
            .is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        )
    assert a.berkas.name != b.berkas.name
    assert "/" not in a.nama_asli and "\x00" not in a.nama_asli


def test_berkas_draf_wizard_bernama_acak(client, unit) -> None:
    layanan = buat_layanan_akta(unit)
    url = f"/layanan/{layanan.kode}/ajukan/"
    data = {
        "aksi": "lanjut",
        "isian_nama-anak": "B",
        "isian_tanggal-lahir": "2026-11-01",
        "isian_tempat": "rs",
    }
    client.post(url + "data/", data)
    client.post(url + "dokumen/", {"aksi": "kembali", "dokumen_ktp": _berkas("ktp siti.pdf", PDF)})
    draf = list((Path(settings.MEDIA_ROOT) / "draf-pengajuan").iterdir())
    assert len(draf) == 1 and re.fullmatch(r"[0-9a-f]{32}", draf[0].name)


def test_media_root_di_luar_static_root_dan_folder_statis() -> None:
    media = Path(konfigurasi.MEDIA_ROOT).resolve()
    statis = [Path(konfigurasi.STATIC_ROOT).resolve()]
    statis += [
        Path(p if isinstance(p, str) else p[1]).resolve()
        for p in getattr(konfigurasi, "STATICFILES_DIRS", [])
    ]
    for finder in finders.get_finders():
        for penyimpanan in getattr(finder, "storages", {}).values():
            statis.append(Path(penyimpanan.location).resolve())
    assert len(statis) > 1  # the app folders were found: the check below checks something
    for folder in statis:
        assert not media.is_relative_to(folder), folder
        assert not folder.is_relative_to(media), folder


def test_alamat_media_tidak_dirutekan_dan_berkas_nyata_tetap_404(client, unit, warga) -> None:
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(
        tiket=tiket, aktor=aktor(warga), isi="x", lampiran=[periksa_berkas(_berkas("a.pdf", PDF))]
    )
    lampiran = Lampiran.objects.get(tiket=tiket)
    assert Path(lampiran.berkas.path).exists()

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + lampiran.berkas.name)
    assert client.get(settings.MEDIA_URL + lampiran.berkas.name).status_code == 404
    client.force_login(warga)  # not even for its owner: only the authorised view serves it
    assert client.get(settings.MEDIA_URL + lampiran.berkas.name).status_code == 404


# --- 4. serving --------------------------------------------------------------------------------------


@pytest.fixture
def tiket_berlampiran(unit, warga, petugas):  # type: ignore[no-untyped-def]
    """A citizen's tiket with a public attachment (a non-ASCII name) and an officer's internal one."""
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(
        tiket=tiket,
        aktor=aktor(warga),
        isi="KTP",
        lampiran=[periksa_berkas(_berkas('KTP "Siti" ñ №1.pdf', PDF))],
    )
    services.tiket_tanggapi(
        tiket=tiket,
        aktor=aktor(petugas),
        isi="Memo",
        internal=True,
        lampiran=[periksa_berkas(_berkas("memo.pdf", PDF))],
    )
    return (
        tiket,
        Lampiran.objects.get(tiket=tiket, internal=False),
        Lampiran.objects.get(tiket=tiket, internal=True),
    )


def _url_api(tiket: Any, lampiran: Any) -> str:
    return f"/api/v1/tiket/{tiket.nomor}/lampiran/{lampiran.pk}/"


def _url_lacak(tiket: Any, lampiran: Any) -> str:
    return f"/lacak/{tiket.nomor}/lampiran/{lampiran.pk}/"


def _klien(siapa: Any = None) -> Client:
    klien = Client()
    if siapa is not None:
        klien.force_login(getattr(siapa, "pengguna", siapa))
    return klien


@pytest.mark.parametrize("alamat", [_url_api, _url_lacak], ids=["api", "lacak"])
def test_unduhan_selalu_lampiran_dengan_header_yang_membuatnya_inert(
    tiket_berlampiran, warga, alamat
) -> None:
    tiket, publik, _internal = tiket_berlampiran
    respons = _klien(warga).get(alamat(tiket, publik))

    assert respons.status_code == 200
    assert respons.getvalue() == PDF
    assert respons["Content-Type"] == "application/pdf"
    assert respons["X-Content-Type-Options"] == "nosniff"
    csp = respons["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp
    cache = {x.strip() for x in respons["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    disposisi = respons["Content-Disposition"]
    assert disposisi.startswith("attachment;")
    # RFC 6266 / 5987: an ASCII fallback without quotes to break out of, and the exact name encoded.
    assert re.search(r'filename="[^"\\]+\.pdf";', disposisi)
    # Quotes, slashes and the like become "_" in both; the rest of the citizen's name stays as typed.
    assert "filename*=UTF-8''" + quote("KTP _Siti_ ñ №1.pdf", safe="") in disposisi


def test_tipe_mime_yang_bukan_tipe_diizinkan_disajikan_sebagai_octet_stream(tiket_berlampiran, warga) -> None:
    # Should a row ever hold another type (an old import, a manual edit), it is still no web page.
    tiket, publik, _internal = tiket_berlampiran
    Lampiran.objects.filter(pk=publik.pk).update(tipe_mime="text/html")
    respons = _klien(warga).get(_url_api(tiket, publik))
    assert respons["Content-Type"] == "application/octet-stream"
    assert respons["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "siapa",
    ["pemilik", "petugas_unit", "supervisor_unit", "manajer"],
)
def test_yang_berhak_mengunduh_lampiran_publik(tiket_berlampiran, request, siapa, supervisor) -> None:
    tiket, publik, _internal = tiket_berlampiran
    orang = {
        "pemilik": request.getfixturevalue("warga"),
        "petugas_unit": request.getfixturevalue("petugas_kedua"),
        "supervisor_unit": supervisor,
        "manajer": request.getfixturevalue("manajer"),
    }[siapa]
    assert _klien(orang).get(_url_api(tiket, publik)).status_code == 200


def test_lampiran_internal_hanya_untuk_staf(tiket_berlampiran, warga, petugas, manajer) -> None:
    tiket, _publik, internal = tiket_berlampiran
    assert _klien(petugas).get(_url_api(tiket, internal)).status_code == 200
    assert _klien(manajer).get(_url_api(tiket, internal)).status_code == 200
    assert _klien(warga).get(_url_api(tiket, internal)).status_code == 404
    assert _klien(warga).get(_url_lacak(tiket, internal)).status_code == 404


def test_yang_tidak_berhak_mendapat_404_yang_sama_dengan_lampiran_yang_tidak_ada(
    tiket_berlampiran, unit_lain, warga_lain
) -> None:
    tiket, publik, _internal = tiket_berlampiran
    tidak_ada = f"/api/v1/tiket/{tiket.nomor}/lampiran/999999/"
    for orang in (None, warga_lain, buat_petugas(unit_lain), buat_petugas(unit_lain, peran="supervisor")):
        klien = _klien(orang)
        respons = klien.get(_url_api(tiket, publik))
        assert respons.status_code == 404, orang
        assert respons.content == klien.get(tidak_ada).content
        assert "Content-Disposition" not in respons
        assert klien.get(_url_lacak(tiket, publik)).status_code == 404


def test_tamu_mengunduh_hanya_dengan_token_yang_benar(unit, petugas) -> None:
    baru = buat_tiket(unit)
    services.tiket_tanggapi(
        tiket=baru.tiket,
        aktor=Aktor.tamu(baru.tiket.pk),
        isi="Bukti",
        lampiran=[periksa_berkas(_berkas("b.pdf", PDF))],
    )
    lampiran = Lampiran.objects.get(tiket=baru.tiket)
    klien = Client()
    assert klien.get(_url_lacak(baru.tiket, lampiran), {"token": baru.token_lacak}).status_code == 200
    assert klien.get(_url_api(baru.tiket, lampiran), HTTP_X_TOKEN_LACAK=baru.token_lacak).status_code == 200
    salah = baru.token_lacak[:-2] + ("aa" if not baru.token_lacak.endswith("aa") else "bb")
    assert klien.get(_url_lacak(baru.tiket, lampiran), {"token": salah}).status_code == 404
    assert klien.get(_url_api(baru.tiket, lampiran), HTTP_X_TOKEN_LACAK=salah).status_code == 404
    # A token of another tiket opens nothing here.
    lain = buat_tiket(unit)
    assert klien.get(_url_lacak(baru.tiket, lampiran), {"token": lain.token_lacak}).status_code == 404


def test_lampiran_tiket_lain_tidak_dapat_diambil_lewat_nomor_tiket_sendiri(
    tiket_berlampiran, warga_lain
) -> None:
    _tiket, publik, _internal = tiket_berlampiran
    milik_b = buat_tiket(_tiket.unit, pemohon=warga_lain).tiket
    assert _klien(warga_lain).get(_url_api(milik_b, publik)).status_code == 404
    assert _klien(warga_lain).get(_url_lacak(milik_b, publik)).status_code == 404


def test_berkas_yang_hilang_dari_penyimpanan_404_bukan_500(tiket_berlampiran, warga) -> None:
    tiket, publik, _internal = tiket_berlampiran
    Path(publik.berkas.path).unlink()
    assert _klien(warga).get(_url_api(tiket, publik)).status_code == 404
    assert _klien(warga).get(_url_lacak(tiket, publik)).status_code == 404


def test_pemohon_anonim_lain_tidak_dianggap_pemilik(unit) -> None:
    # Two logged-out visitors: a session without a user owns no tiket.
    pemohon: Any = PenggunaFactory()
    tiket = buat_tiket(unit, pemohon=pemohon).tiket
    services.tiket_tanggapi(
        tiket=tiket, aktor=aktor(tiket.pemohon), isi="x", lampiran=[periksa_berkas(_berkas("a.pdf", PDF))]
    )
    lampiran = Lampiran.objects.get(tiket=tiket)
    assert Client().get(_url_api(tiket, lampiran)).status_code == 404


def test_manajer_tanpa_unit_bukan_petugas_tetap_bisa_melihat(tiket_berlampiran) -> None:
    tiket, publik, _internal = tiket_berlampiran
    assert _klien(buat_manajer()).get(_url_api(tiket, publik)).status_code == 200
