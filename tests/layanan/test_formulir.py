"""Answers checked against the form definition, one datatype at a time. No database needed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from antrian.exceptions import DataTidakValid
from layanan.formulir import bersihkan_jawaban
from layanan.models import IsianFormulir, TipeIsian

PILIHAN = [{"kode": "a", "label": "Satu"}, {"kode": "b", "label": "Dua"}, {"kode": "c", "label": "Tiga"}]


def isian(tipe: str, *, kode: str = "x", wajib: bool = True, **kwargs: object) -> IsianFormulir:
    if tipe in (TipeIsian.PILIHAN_TUNGGAL, TipeIsian.PILIHAN_GANDA):
        kwargs.setdefault("pilihan", PILIHAN)
    return IsianFormulir(kode=kode, label=kode.title(), tipe=tipe, wajib=wajib, **kwargs)


def galat_dari(daftar: list[IsianFormulir], jawaban: object) -> dict[str, list[str]]:
    with pytest.raises(DataTidakValid) as info:
        bersihkan_jawaban(daftar, jawaban)
    return info.value.rincian


# --- angka --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("masukan", "hasil"),
    [(12, 12), (-3, -3), (0, 0), ("42", 42), (" 7 ", 7), (12.5, "12.5"), ("3.250", "3.25"), (2.0, 2)],
)
def test_angka_yang_sah_dibersihkan_menjadi_bilangan_atau_desimal_teks(masukan, hasil):
    assert bersihkan_jawaban([isian(TipeIsian.ANGKA)], {"x": masukan}) == {"x": hasil}


def test_angka_desimal_disimpan_sebagai_teks_tanpa_kehilangan_digit():
    bersih = bersihkan_jawaban([isian(TipeIsian.ANGKA)], {"x": "1234567.0123456789"})
    assert Decimal(bersih["x"]) == Decimal("1234567.0123456789")


@pytest.mark.parametrize(
    "masukan",
    [
        True,
        False,
        float("nan"),
        float("inf"),
        float("-inf"),
        "NaN",
        "Infinity",
        "1e5",
        "12,5",
        "dua",
        [1],
        {"a": 1},
        "1" * 21,
        1e21,
    ],
)
def test_angka_yang_tidak_sah_ditolak(masukan):
    assert "jawaban.x" in galat_dari([isian(TipeIsian.ANGKA)], {"x": masukan})


# --- tanggal ------------------------------------------------------------------------------------------


def test_tanggal_iso_yang_sah_diterima():
    assert bersihkan_jawaban([isian(TipeIsian.TANGGAL)], {"x": "2024-02-29"}) == {"x": "2024-02-29"}


@pytest.mark.parametrize(
    "masukan",
    ["2023-02-29", "2024-13-01", "29-02-2024", "2024/02/29", "2024-2-9", "2024-02-29T10:00", 20240229],
)
def test_tanggal_yang_tidak_ada_atau_salah_format_ditolak(masukan):
    assert "jawaban.x" in galat_dari([isian(TipeIsian.TANGGAL)], {"x": masukan})


# --- teks dan teks panjang ----------------------------------------------------------------------------


def test_teks_dipangkas_dan_diterima_sampai_255_karakter():
    assert bersihkan_jawaban([isian(TipeIsian.TEKS)], {"x": "  Budi  "}) == {"x": "Budi"}
    assert bersihkan_jawaban([isian(TipeIsian.TEKS)], {"x": "a" * 255}) == {"x": "a" * 255}


def test_teks_lebih_dari_255_karakter_ditolak():
    assert "jawaban.x" in galat_dari([isian(TipeIsian.TEKS)], {"x": "a" * 256})


def test_maks_panjang_isian_memperketat_batas_teks():
    daftar = [isian(TipeIsian.TEKS, maks_panjang=5)]
    assert bersihkan_jawaban(daftar, {"x": "abcde"}) == {"x": "abcde"}
    assert "jawaban.x" in galat_dari(daftar, {"x": "abcdef"})


def test_teks_panjang_menerima_baris_baru_sampai_4000_karakter():
    isi = ("baris\n" * 666)[:4000]
    assert bersihkan_jawaban([isian(TipeIsian.TEKS_PANJANG)], {"x": isi}) == {"x": isi.strip()}
    assert "jawaban.x" in galat_dari([isian(TipeIsian.TEKS_PANJANG)], {"x": "a" * 4001})


@pytest.mark.parametrize("masukan", ["baris\nkedua", "nol\x00byte", "bel\x07"])
def test_teks_singkat_menolak_karakter_kendali(masukan):
    assert "jawaban.x" in galat_dari([isian(TipeIsian.TEKS)], {"x": masukan})


def test_teks_panjang_menolak_byte_nol():
    assert "jawaban.x" in galat_dari([isian(TipeIsian.TEKS_PANJANG)], {"x": "a\x00b"})


@pytest.mark.parametrize("masukan", [12, True, ["a"], {"a": "b"}])
def test_teks_harus_berupa_teks(masukan):
    assert "jawaban.x" in galat_dari([isian(TipeIsian.TEKS)], {"x": masukan})


# --- pilihan ------------------------------------------------------------------------------------------


def test_pilihan_tunggal_menerima_kode_yang_tersedia():
    assert bersihkan_jawaban([isian(TipeIsian.PILIHAN_TUNGGAL)], {"x": "b"}) == {"x": "b"}


@pytest.mark.parametrize("masukan", ["z", "Satu", ["a"], 1])
def test_pilihan_tunggal_menolak_kode_asing_atau_label(masukan):
    assert "jawaban.x" in galat_dari([isian(TipeIsian.PILIHAN_TUNGGAL)], {"x": masukan})


def test_pilihan_ganda_menerima_kode_berbeda_dan_menyimpannya_dalam_urutan_formulir():
    assert bersihkan_jawaban([isian(TipeIsian.PILIHAN_GANDA)], {"x": ["c", "a"]}) == {"x": ["a", "c"]}


@pytest.mark.parametrize("masukan", [["a", "a"], ["a", "z"], "a", [1], [["a"]], [None]])
def test_pilihan_ganda_menolak_duplikat_kode_asing_atau_bukan_daftar(masukan):
    assert "jawaban.x" in galat_dari([isian(TipeIsian.PILIHAN_GANDA)], {"x": masukan})


# --- wajib, opsional, asing ---------------------------------------------------------------------------


@pytest.mark.parametrize("kosong", [None, "", "   ", []])
def test_isian_wajib_yang_kosong_ditolak(kosong):
    daftar = [isian(TipeIsian.TEKS, kode="nama"), isian(TipeIsian.PILIHAN_GANDA, kode="pilih")]
    rincian = galat_dari(daftar, {"nama": kosong, "pilih": kosong})
    assert set(rincian) == {"jawaban.nama", "jawaban.pilih"}


def test_isian_wajib_yang_tidak_dikirim_ditolak():
    assert "jawaban.x" in galat_dari([isian(TipeIsian.ANGKA)], {})


def test_isian_opsional_yang_kosong_dilewati():
    daftar = [isian(TipeIsian.ANGKA, wajib=False), isian(TipeIsian.TEKS, kode="y", wajib=False)]
    assert bersihkan_jawaban(daftar, {"x": "", "y": None}) == {}


def test_isian_yang_tidak_ada_di_formulir_ditolak():
    rincian = galat_dari([isian(TipeIsian.TEKS, wajib=False)], {"x": "ok", "sisipan": "<script>"})
    assert set(rincian) == {"jawaban.sisipan"}


def test_kode_asing_yang_sangat_panjang_dipotong_di_rincian():
    rincian = galat_dari([], {"k" * 10_000: "x"})
    assert all(len(kunci) <= len("jawaban.") + 50 for kunci in rincian)


def test_semua_galat_dikumpulkan_sekaligus():
    daftar = [
        isian(TipeIsian.TEKS, kode="nama"),
        isian(TipeIsian.ANGKA, kode="umur"),
        isian(TipeIsian.TANGGAL, kode="lahir"),
        isian(TipeIsian.PILIHAN_TUNGGAL, kode="jenis"),
    ]
    rincian = galat_dari(daftar, {"umur": "tua", "lahir": "kemarin", "jenis": "z", "asing": 1})
    assert set(rincian) == {"jawaban.nama", "jawaban.umur", "jawaban.lahir", "jawaban.jenis", "jawaban.asing"}


@pytest.mark.parametrize("jawaban", [["a"], "teks", 3])
def test_jawaban_yang_bukan_objek_ditolak(jawaban):
    assert set(galat_dari([isian(TipeIsian.TEKS, wajib=False)], jawaban)) == {"jawaban"}


def test_pesan_galat_dalam_bahasa_indonesia():
    rincian = galat_dari([isian(TipeIsian.TEKS, kode="nama")], {})
    assert rincian["jawaban.nama"] == ["Isian Nama wajib diisi."]
