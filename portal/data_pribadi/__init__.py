"""A citizen's rights over their own personal data (UU 27/2022 Pelindungan Data Pribadi).

- `ekspor`: everything the portal holds about one citizen, as one JSON document streamed in chunks
  (the right of access and portability, Pasal 7 and 13).
- `hapus`: account deletion: the identity is removed everywhere, the tikets stay for the public record,
  the metrics and the legal retention of government records (Pasal 8 and 16).
"""

from __future__ import annotations

from portal.data_pribadi.ekspor import data_saya_json, nama_berkas_unduhan
from portal.data_pribadi.hapus import (
    NAMA_TERHAPUS,
    HasilHapus,
    akun_hapus,
    sudah_dihapus,
    tiket_terbuka_warga,
)

__all__ = [
    "NAMA_TERHAPUS",
    "HasilHapus",
    "akun_hapus",
    "data_saya_json",
    "nama_berkas_unduhan",
    "sudah_dihapus",
    "tiket_terbuka_warga",
]
