"""The permohonan's detail as the antrian app shows it, through the registry."""

from __future__ import annotations

import pytest

from antrian.izin import Aktor
from antrian.rincian import rincian_tiket
from antrian.services import Kontak
from layanan.models import IsianFormulir, TipeIsian
from layanan.services import permohonan_ajukan
from tests.conftest import aktor
from tests.layanan.factories import JAWABAN_AKTA, buat_layanan_akta, pdf


@pytest.fixture
def layanan(unit):
    layanan = buat_layanan_akta(unit)
    IsianFormulir.objects.create(
        layanan=layanan,
        kode="vaksin",
        label="Vaksin",
        tipe=TipeIsian.PILIHAN_GANDA,
        pilihan=[{"kode": "bcg", "label": "BCG"}, {"kode": "hb0", "label": "Hepatitis B0"}],
        urutan=5,
    )
    return layanan


@pytest.fixture
def baru(layanan, warga):
    return permohonan_ajukan(
        layanan=layanan,
        aktor=aktor(warga),
        jawaban={**JAWABAN_AKTA, "vaksin": ["hb0", "bcg"]},
        dokumen={"ktp": [pdf()], "kk": [pdf()]},
        kontak=Kontak(),
    )


def test_rincian_permohonan_memuat_layanan_jawaban_berlabel_dan_persyaratan(baru, warga):
    rincian = rincian_tiket(baru.tiket, aktor(warga))
    assert rincian["layanan"] == {"kode": "akta-kelahiran", "nama": "Akta Kelahiran"}
    jawaban = {j["kode"]: j for j in rincian["jawaban"]}
    assert [j["kode"] for j in rincian["jawaban"]] == [
        "nama-anak",
        "tanggal-lahir",
        "tempat",
        "berat",
        "vaksin",
    ]
    assert jawaban["tempat"]["label"] == "Tempat persalinan"
    assert (jawaban["tempat"]["nilai"], jawaban["tempat"]["tampilan"]) == ("rs", "Rumah sakit")
    assert jawaban["vaksin"]["tampilan"] == ["BCG", "Hepatitis B0"]
    assert rincian["persyaratan"] == [
        {"kode": "ktp", "nama": "KTP orang tua", "wajib": True, "terpenuhi": True},
        {"kode": "kk", "nama": "Kartu Keluarga", "wajib": True, "terpenuhi": True},
        {"kode": "surat-bidan", "nama": "Surat keterangan lahir", "wajib": False, "terpenuhi": False},
    ]


def test_jawaban_isian_yang_sudah_dihapus_dari_formulir_tetap_tampil(baru, layanan, petugas):
    layanan.isian.filter(kode="berat").delete()
    jawaban = rincian_tiket(baru.tiket, aktor(petugas))["jawaban"]
    assert {"kode": "berat", "label": "berat", "tipe": "", "nilai": "3.25", "tampilan": "3.25"} in jawaban


def test_rincian_kosong_bagi_orang_yang_tidak_berhak_melihat_tiket(baru, warga_lain, petugas_unit_lain):
    assert rincian_tiket(baru.tiket, aktor(warga_lain)) == {}
    assert rincian_tiket(baru.tiket, aktor(petugas_unit_lain)) == {}
    assert rincian_tiket(baru.tiket, Aktor()) == {}


def test_tamu_pemegang_token_melihat_rincian_permohonannya(baru):
    assert rincian_tiket(baru.tiket, Aktor.tamu(baru.tiket.pk))["layanan"]["kode"] == "akta-kelahiran"
