from antrian.models.akses import AksesIdentitas
from antrian.models.catatan import KunciIdempoten, Lampiran, Peristiwa, Tanggapan
from antrian.models.metrik import MetrikTiket, SurveiKepuasan, UnsurSkm
from antrian.models.notifikasi import JenisNotifikasi, Notifikasi
from antrian.models.organisasi import (
    HariLibur,
    JadwalKerja,
    Keanggotaan,
    Peran,
    Petugas,
    StrategiPenugasan,
    Unit,
    ZonaWaktu,
)
from antrian.models.pesan import JenisPesan, PesanKeluar, SaluranPesan, StatusPesan
from antrian.models.templat import TemplatJawaban
from antrian.models.tiket import AlasanTolak, JenisTiket, Prioritas, Status, Tiket

__all__ = [
    "AksesIdentitas",
    "AlasanTolak",
    "HariLibur",
    "JadwalKerja",
    "JenisNotifikasi",
    "JenisPesan",
    "JenisTiket",
    "Keanggotaan",
    "KunciIdempoten",
    "Lampiran",
    "MetrikTiket",
    "Notifikasi",
    "Peran",
    "Peristiwa",
    "PesanKeluar",
    "Petugas",
    "Prioritas",
    "SaluranPesan",
    "Status",
    "StatusPesan",
    "StrategiPenugasan",
    "SurveiKepuasan",
    "Tanggapan",
    "TemplatJawaban",
    "Tiket",
    "Unit",
    "UnsurSkm",
    "ZonaWaktu",
]
