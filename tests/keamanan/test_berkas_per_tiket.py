"""Uploaded files (issue 7 item 4): the count per tiket holds on every path (API, guest tracking page,
officer replies, submissions), under the tiket's lock, and a refusal leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client

from antrian import services
from antrian.berkas import LampiranPenuh, periksa_berkas
from antrian.berkas.sapu import sapu_lampiran_yatim
from antrian.izin import Aktor
from antrian.models import Lampiran, Tanggapan
from keluhan.models import KategoriKeluhan
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor
from tests.keamanan._berkas_umum import PDF, _berkas, _berkas_di_disk, _jpeg

pytestmark = pytest.mark.django_db


# --- 2. count per tiket ------------------------------------------------------------------------------


def _pdf_teruji(n: int) -> list[Any]:
    return [periksa_berkas(_berkas(f"dok{i}.pdf", PDF, "application/pdf")) for i in range(n)]


def test_jumlah_lampiran_per_tiket_dibatasi_dan_penolakan_tidak_meninggalkan_berkas(settings, unit, warga):
    settings.UNGGAHAN_MAKS_PER_TIKET = 3
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="a", lampiran=_pdf_teruji(2))
    di_disk = _berkas_di_disk()

    with pytest.raises(LampiranPenuh) as info:
        services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="b", lampiran=_pdf_teruji(2))

    assert info.value.status_http == 409
    assert "3" in str(info.value.pesan) and "1" in str(info.value.pesan)
    assert Lampiran.objects.filter(tiket=tiket).count() == 2
    assert Tanggapan.objects.filter(tiket=tiket).count() == 1  # the reply rolled back with its files
    assert _berkas_di_disk() == di_disk
    # One more still fits.
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="c", lampiran=_pdf_teruji(1))
    assert Lampiran.objects.filter(tiket=tiket).count() == 3


def test_batas_per_tiket_lewat_api_409_dengan_pesan_jelas(settings, klien_untuk, unit, warga):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="a", lampiran=_pdf_teruji(1))
    respons = klien_untuk(warga).post(
        f"/api/v1/tiket/{tiket.nomor}/tanggapan/",
        {"isi": "lagi", "lampiran": [_berkas("b.pdf", PDF, "application/pdf")]},
        format="multipart",
    )
    assert respons.status_code == 409
    galat = respons.json()["galat"]
    assert galat["kode"] == "lampiran_penuh" and "lampiran" in galat["rincian"]
    assert Lampiran.objects.filter(tiket=tiket).count() == 1


def test_batas_per_tiket_lewat_halaman_lacak_tamu(settings, client, unit, petugas):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(
        tiket=baru.tiket, aktor=Aktor.tamu(baru.tiket.pk), isi="a", lampiran=_pdf_teruji(1)
    )
    respons = client.post(
        f"/lacak/{baru.tiket.nomor}/aksi/tanggapan/",
        {
            "token": baru.token_lacak,
            "tanggapan-isi": "Ini lagi",
            "tanggapan-lampiran": [_berkas("b.pdf", PDF, "application/pdf")],
        },
    )
    assert respons.status_code == 409
    assert Lampiran.objects.filter(tiket=baru.tiket).count() == 1


def test_batas_per_tiket_untuk_balasan_petugas_dengan_lampiran(settings, unit, petugas):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_mulai(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="a", lampiran=_pdf_teruji(1))
    klien = Client()
    klien.force_login(petugas.pengguna)
    respons = klien.post(
        f"/petugas/tiket/{baru.tiket.nomor}/tanggapan/",
        {"balas-isi": "Formulir", "balas-kunci_idempoten": "k1", "balas-lampiran": [_berkas("f.pdf", PDF)]},
    )
    assert respons.status_code == 409
    # A transition with files (asking the citizen for documents) is held to the same count.
    with pytest.raises(LampiranPenuh):
        services.tiket_minta_kelengkapan(
            tiket=baru.tiket, aktor=aktor(petugas), pesan="Kirim KK", lampiran=_pdf_teruji(1)
        )
    assert Lampiran.objects.filter(tiket=baru.tiket).count() == 1
    assert len(_berkas_di_disk()) == 1


def test_pengajuan_dengan_lampiran_melebihi_batas_tiket_tidak_membuat_apa_pun(settings, api_client, unit):
    settings.UNGGAHAN_MAKS_PER_TIKET = 1
    KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)
    respons = api_client.post(
        "/api/v1/keluhan/",
        {
            "kategori": "jalan-rusak",
            "judul": "Jalan berlubang",
            "isi": "Lubang.",
            "kontak_nama": "Budi",
            "kontak_email": "budi@contoh.id",
            "lampiran": [_berkas("a.pdf", PDF), _berkas("b.jpg", _jpeg())],
        },
        format="multipart",
    )
    assert respons.status_code == 409
    assert not Lampiran.objects.exists() and _berkas_di_disk() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dua_unggahan_bersamaan_tidak_dapat_melewati_batas_per_tiket(settings, unit, warga):
    # A double click or two tabs: both requests pass their own checks at once; the tiket's row lock makes
    # the second count the first one's files.
    settings.UNGGAHAN_MAKS_PER_TIKET = 3
    tiket = buat_tiket(unit, pemohon=warga).tiket
    berkas = [_pdf_teruji(2), _pdf_teruji(2)]
    mulai = threading.Barrier(2)
    hasil: list[str] = []

    def unggah(daftar: list[Any]) -> None:
        try:
            mulai.wait()
            services.tiket_tanggapi(tiket=tiket.pk, aktor=aktor(warga), isi="x", lampiran=daftar)
            hasil.append("ok")
        except LampiranPenuh:
            hasil.append("penuh")
        finally:
            connection.close()

    benang = [threading.Thread(target=unggah, args=(b,)) for b in berkas]
    for b in benang:
        b.start()
    for b in benang:
        b.join(30)

    assert sorted(hasil) == ["ok", "penuh"]
    assert Lampiran.objects.filter(tiket=tiket).count() == 2
    assert len(_berkas_di_disk()) == 2


def test_berkas_dari_transaksi_yang_dibatalkan_belakangan_disapu_bila_sudah_lama(unit, warga) -> None:
    # A step after the files were written fails (here: an error raised by the caller): the rows roll
    # back, the file stays. The sweep removes it once old enough, and keeps every file a row names.
    tiket = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="tetap", lampiran=_pdf_teruji(1))
    tetap = Lampiran.objects.get(tiket=tiket).berkas.name
    with pytest.raises(RuntimeError), transaction.atomic():
        services.tiket_tanggapi(tiket=tiket, aktor=aktor(warga), isi="batal", lampiran=_pdf_teruji(1))
        raise RuntimeError("a later step of the request failed")
    assert Lampiran.objects.filter(tiket=tiket).count() == 1
    yatim = [p for p in _berkas_di_disk() if not str(p).endswith(tetap)]
    assert len(yatim) == 1

    assert sapu_lampiran_yatim() == []  # too young: its transaction might still be open
    lama = yatim[0].stat().st_mtime - 2 * 86400
    for berkas in _berkas_di_disk():
        os.utime(berkas, (lama, lama))
    dihapus = sapu_lampiran_yatim(umur=dt.timedelta(days=1))

    assert [Path(settings.MEDIA_ROOT, n) for n in dihapus] == yatim
    assert [str(p) for p in _berkas_di_disk()] == [str(Path(settings.MEDIA_ROOT, tetap))]
