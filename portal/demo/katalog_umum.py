"""Demo catalogue: what every service standard shares (Permenpan RB 15/2014)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PENGADUAN = (
    "Pengaduan, saran dan masukan melalui menu Keluhan di SIGAP Tubei, SP4N-LAPOR! (lapor.go.id), "
    "atau kotak pengaduan di loket pelayanan. Ditanggapi paling lambat 5 hari kerja."
)
INTERNAL = {
    "sarana_prasarana": "Ruang tunggu ber-AC, loket prioritas (lansia, difabel, ibu hamil), komputer, jaringan, "
    "printer, nomor antrean elektronik.",
    "kompetensi_pelaksana": "ASN berpendidikan minimal SMA/sederajat, memahami peraturan terkait, "
    "terlatih memakai aplikasi pelayanan dan pelayanan prima.",
    "pengawasan_internal": "Supervisi atasan langsung setiap hari; pemeriksaan Inspektorat Daerah berkala.",
    "jumlah_pelaksana": 3,
    "jaminan_pelayanan": "Pelayanan diberikan sesuai standar; tidak dipungut biaya di luar ketentuan.",
    "jaminan_keamanan": "Data pribadi dijaga kerahasiaannya; dokumen hanya diserahkan kepada pemohon atau kuasanya.",
    "evaluasi_kinerja": "Survei Kepuasan Masyarakat tiap semester dan evaluasi waktu penyelesaian bulanan.",
}
PILIHAN_KTP = [
    {"kode": "baru", "label": "Baru (pemula 17 tahun)"},
    {"kode": "rusak", "label": "Rusak"},
    {"kode": "hilang", "label": "Hilang"},
    {"kode": "perubahan", "label": "Perubahan data"},
]


def buat_layanan(**kwargs: Any) -> dict[str, Any]:
    data = {
        "biaya": Decimal("0"),
        "biaya_keterangan": "Gratis",
        "penanganan_pengaduan": PENGADUAN,
        **INTERNAL,
    }
    data.update(kwargs)
    return data
