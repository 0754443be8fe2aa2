"""Demo canned responses (templat jawaban): the same few replies for every demo unit, upserted by title."""

from __future__ import annotations

from antrian.models import TemplatJawaban, Unit

# Indonesian on purpose: demo data, as an officer of Tubei would have written it.
TEMPLAT = [
    (
        "Sedang diproses",
        "Yth. {nama_warga},\n\nTiket {nomor} ({layanan}) sedang kami proses dan ditargetkan selesai "
        "paling lambat {tenggat}. Terima kasih atas kesabaran Anda.\n\nSalam,\n{petugas}",
    ),
    (
        "Mohon lengkapi dokumen",
        "Yth. {nama_warga},\n\nUntuk melanjutkan tiket {nomor}, mohon unggah dokumen yang masih kurang "
        "melalui tautan pelacakan Anda.\n\nSalam,\n{petugas}",
    ),
    (
        "Selesai",
        "Yth. {nama_warga},\n\nTiket {nomor} ({layanan}) telah selesai. Silakan konfirmasi atau buka "
        "kembali bila masih ada kendala.\n\nSalam,\n{petugas}",
    ),
]


def muat_templat_jawaban(unit: dict[str, Unit]) -> None:
    for u in unit.values():
        for judul, isi in TEMPLAT:
            TemplatJawaban.objects.update_or_create(unit=u, judul=judul, defaults={"isi": isi, "aktif": True})
