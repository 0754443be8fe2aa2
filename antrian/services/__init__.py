"""Every write to a tiket goes through these services."""

from antrian.services._umum import hash_token, kunci_tiket
from antrian.services.pengajuan import Kontak, TiketBaru, kontak_periksa, tiket_buat
from antrian.services.penugasan import (
    penugasan_isi_antrian,
    penugasan_isi_untuk_petugas,
    penugasan_otomatis,
    tiket_klaim_berikutnya,
    tiket_tugaskan_ulang,
)
from antrian.services.survei import survei_isi
from antrian.services.tanggapan import tiket_tanggapi
from antrian.services.transisi import (
    tiket_alihkan,
    tiket_ambil,
    tiket_batalkan,
    tiket_buka_kembali,
    tiket_lengkapi,
    tiket_lepaskan,
    tiket_minta_kelengkapan,
    tiket_mulai,
    tiket_selesaikan,
    tiket_tolak,
    tiket_tugaskan,
    tiket_tutup,
)

__all__ = [
    "Kontak",
    "TiketBaru",
    "hash_token",
    "kontak_periksa",
    "kunci_tiket",
    "penugasan_isi_antrian",
    "penugasan_isi_untuk_petugas",
    "penugasan_otomatis",
    "survei_isi",
    "tiket_alihkan",
    "tiket_ambil",
    "tiket_batalkan",
    "tiket_buat",
    "tiket_buka_kembali",
    "tiket_klaim_berikutnya",
    "tiket_lengkapi",
    "tiket_lepaskan",
    "tiket_minta_kelengkapan",
    "tiket_mulai",
    "tiket_selesaikan",
    "tiket_tanggapi",
    "tiket_tolak",
    "tiket_tugaskan",
    "tiket_tugaskan_ulang",
    "tiket_tutup",
]
