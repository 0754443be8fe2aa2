from antrian.models.catatan import KunciIdempoten, Lampiran, Peristiwa, Tanggapan
from antrian.models.organisasi import HariLibur, Keanggotaan, Peran, Petugas, Unit
from antrian.models.tiket import AlasanTolak, JenisTiket, Prioritas, Status, Tiket

__all__ = [
    "AlasanTolak",
    "HariLibur",
    "JenisTiket",
    "Keanggotaan",
    "KunciIdempoten",
    "Lampiran",
    "Peran",
    "Peristiwa",
    "Petugas",
    "Prioritas",
    "Status",
    "Tanggapan",
    "Tiket",
    "Unit",
]
