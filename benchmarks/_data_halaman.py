"""Data for benchmarks/halaman.py: the demo Tubei plus a large, realistic history of tikets written with
bulk inserts (units, services and categories weighted as a regency's requests are; every lifecycle state;
each tiket with its permohonan or keluhan row, its event log and its replies)."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from benchmarks import _umum as u

BENIH = 2026

# Share of tikets per unit (demo unit codes): the civil registry carries most of a regency's requests.
BOBOT_UNIT = {"disdukcapil": 45, "dpmptsp": 18, "dinsos": 14, "pupr": 12, "dinkes": 8, "inspektorat": 3}
# Share per state over a year of tikets: most are long closed; about a tenth are open.
BOBOT_STATUS = {
    "diajukan": 3.0,
    "ditugaskan": 2.0,
    "diproses": 3.0,
    "menunggu_warga": 1.5,
    "selesai": 3.0,
    "ditutup": 80.0,
    "ditolak": 5.0,
    "dibatalkan": 2.5,
}
STATUS_TERBUKA = {"diajukan", "ditugaskan", "diproses", "menunggu_warga"}
JUDUL_KELUHAN = [
    "Jalan berlubang di depan sekolah",
    "Lampu penerangan jalan mati",
    "Antrean pelayanan terlalu lama",
    "Saluran air tersumbat saat hujan",
    "Petugas meminta biaya tidak resmi",
    "Bantuan sosial belum diterima",
    "Sampah menumpuk di pasar",
    "Puskesmas kehabisan obat",
]
ISI_KELUHAN = (
    "Sudah lebih dari dua minggu kondisi ini tidak ada perbaikan. Warga sekitar kesulitan beraktivitas, "
    "terutama pada malam hari dan saat hujan. Mohon segera ditindaklanjuti oleh dinas terkait. Terima kasih."
)
CATATAN_SELESAI = "Permohonan telah selesai diproses. Dokumen dapat diambil di kantor atau diunduh."


# --- data ---------------------------------------------------------------------------------------------------


def _acak_waktu(acak: random.Random, sekarang: dt.datetime, status: str) -> dt.datetime:
    """Open tikets are recent; closed ones spread over the year."""
    if status in STATUS_TERBUKA:
        hari = acak.uniform(0, 30)
    elif status == "selesai":
        hari = acak.uniform(2, 20)
    else:
        hari = acak.uniform(5, 365)
    return sekarang - dt.timedelta(days=hari)


def muat_data(jumlah: int) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from antrian.models import Keanggotaan, Peristiwa, Tanggapan, Tiket, Unit
    from antrian.services._umum import hash_token
    from keluhan.models import KategoriKeluhan, Keluhan
    from layanan.models import JenisLayanan, Permohonan
    from portal.demo.muat import muat_demo
    from portal.models import Pengguna

    mulai = time.monotonic()
    muat_demo()
    unit = {x.kode: x for x in Unit.objects.all()}
    # More officers: 8 per unit besides the demo ones, as a regency's units have.
    for i, x in enumerate(unit.values()):
        u.buat_petugas_massal(x, 8, awal=1000 + i * 10, kapasitas=25)
    sandi = make_password(None)
    warga = Pengguna.objects.bulk_create(
        [Pengguna(username=f"warga{i}", email=f"warga{i}@contoh.id", password=sandi) for i in range(3000)]
    )
    petugas_unit: dict[int, list[tuple[int, int]]] = {}
    for k in Keanggotaan.objects.select_related("petugas"):
        petugas_unit.setdefault(k.unit_id, []).append((k.petugas_id, k.petugas.pengguna_id))
    layanan_unit: dict[int, list[JenisLayanan]] = {}
    for lay in JenisLayanan.objects.filter(aktif=True):
        layanan_unit.setdefault(lay.unit_id, []).append(lay)
    kategori_unit: dict[int, list[KategoriKeluhan]] = {}
    kategori_semua = list(KategoriKeluhan.objects.filter(aktif=True))
    for kat in kategori_semua:
        kategori_unit.setdefault(kat.unit_default_id, []).append(kat)
    print(f"[data] demo Tubei + officers + citizens in {time.monotonic() - mulai:.1f}s", flush=True)

    acak = random.Random(BENIH)
    sekarang = timezone.now()
    kode_unit = [k for k in BOBOT_UNIT if k in unit]
    bobot_unit = [BOBOT_UNIT[k] for k in kode_unit]
    daftar_status = list(BOBOT_STATUS)
    bobot_status = list(BOBOT_STATUS.values())

    with connection.cursor() as kursor:
        # Stream positions are handed out at commit by a per-row trigger (migration 0005); for a bulk load
        # they are set to the id afterwards instead, the same order the trigger would give one writer.
        kursor.execute("ALTER TABLE antrian_peristiwa DISABLE TRIGGER antrian_peristiwa_urutan")
    per_batch = 5000
    dibuat = 0
    mulai = time.monotonic()
    while dibuat < jumlah:
        n = min(per_batch, jumlah - dibuat)
        with connection.cursor() as kursor:
            kursor.execute("SELECT nextval('antrian_tiket_id_seq') FROM generate_series(1, %s)", [n])
            ids = [baris[0] for baris in kursor.fetchall()]
        tiket: list[Tiket] = []
        permohonan: list[Permohonan] = []
        keluhan: list[Keluhan] = []
        peristiwa: list[Peristiwa] = []
        tanggapan: list[Tanggapan] = []
        for pk in ids:
            x = unit[acak.choices(kode_unit, bobot_unit)[0]]
            status = acak.choices(daftar_status, bobot_status)[0]
            layanan = layanan_unit.get(x.pk)
            jenis = "permohonan" if layanan and acak.random() < 0.65 else "keluhan"
            diajukan = _acak_waktu(acak, sekarang, status)
            jangka = layanan[0].jangka_waktu_hari if jenis == "permohonan" and layanan else 5
            # Calendar days for working days (weekends): the tenggat the calendar would give, roughly.
            tenggat = diajukan + dt.timedelta(days=jangka * 1.4 + 0.5)
            tamu = acak.random() < 0.5
            pemohon = None if tamu else acak.choice(warga)
            anonim = jenis == "keluhan" and tamu and acak.random() < 0.2
            petugas_id, petugas_pengguna = acak.choice(petugas_unit[x.pk])
            ditangani = status not in {"diajukan", "dibatalkan"} and not (
                status == "ditolak" and acak.random() < 0.5
            )
            t = Tiket(
                id=pk,
                jenis=jenis,
                judul=(
                    layanan[pk % len(layanan)].nama
                    if jenis == "permohonan" and layanan
                    else acak.choice(JUDUL_KELUHAN)
                ),
                unit=x,
                status=status,
                prioritas=acak.choices([1, 2, 3, 4], [10, 80, 8, 2])[0],
                pemohon=pemohon,
                kontak_nama="" if (pemohon or anonim) else "Warga Tamu",
                kontak_email="" if (pemohon or anonim) else f"tamu{pk}@contoh.id",
                anonim=anonim,
                identitas_rahasia=anonim,
                token_lacak_hash=hash_token(f"lacak-{pk}"),
                petugas_id=petugas_id if ditangani else None,
                diajukan_pada=diajukan,
                ditugaskan_pada=diajukan + dt.timedelta(hours=3) if ditangani else None,
                respons_pertama_pada=diajukan + dt.timedelta(hours=5) if ditangani else None,
                diselesaikan_pada=diajukan + dt.timedelta(days=jangka)
                if status in {"selesai", "ditutup"}
                else None,
                ditutup_pada=diajukan + dt.timedelta(days=jangka + 10)
                if status in {"ditutup", "ditolak", "dibatalkan"}
                else None,
                jeda_sejak=diajukan + dt.timedelta(days=1) if status == "menunggu_warga" else None,
                tenggat=tenggat,
                tenggat_respons=diajukan + dt.timedelta(days=1.4),
                tenggat_penugasan=diajukan + dt.timedelta(days=4.2) if jenis == "keluhan" else None,
                alasan_tolak=acak.choice(["bukan_wewenang", "tidak_lengkap", "duplikat", "spam"])
                if status == "ditolak"
                else "",
            )
            lokal = timezone.localtime(diajukan)
            t.nomor = f"{'LYN' if jenis == 'permohonan' else 'ADU'}-{lokal:%y%m}-{pk:05d}"
            if status == "selesai":
                # Some were resolved today: the dashboard's "resolved today" is not always zero.
                t.diselesaikan_pada = sekarang - dt.timedelta(hours=acak.uniform(0, 240))
            tiket.append(t)
            if jenis == "permohonan" and layanan:
                permohonan.append(
                    Permohonan(tiket_id=pk, layanan=layanan[pk % len(layanan)], jawaban={"keterangan": "-"})
                )
            else:
                kat = acak.choice(kategori_unit.get(x.pk) or kategori_semua)
                keluhan.append(
                    Keluhan(
                        tiket_id=pk,
                        kategori=kat,
                        judul=t.judul,
                        isi=ISI_KELUHAN,
                        alamat="Jl. Merdeka No. 1, Tubei",
                        anonim=anonim,
                        rahasia=anonim,
                    )
                )
            peristiwa.extend(_log(t, x.pk, petugas_id, petugas_pengguna, pemohon.pk if pemohon else None))
            if status in {"selesai", "ditutup"}:
                tanggapan.append(
                    Tanggapan(
                        tiket_id=pk,
                        penulis_id=petugas_pengguna,
                        dari_petugas=True,
                        isi=CATATAN_SELESAI,
                        dibuat_pada=t.diselesaikan_pada or sekarang,
                    )
                )
        with transaction.atomic():
            Tiket.objects.bulk_create(tiket, batch_size=1000)
            Permohonan.objects.bulk_create(permohonan, batch_size=1000)
            Keluhan.objects.bulk_create(keluhan, batch_size=1000)
            Peristiwa.objects.bulk_create(peristiwa, batch_size=2000)
            Tanggapan.objects.bulk_create(tanggapan, batch_size=2000)
        dibuat += n
        if dibuat % 20000 == 0 or dibuat == jumlah:
            print(f"[data] {dibuat:,} tikets ({time.monotonic() - mulai:.0f}s)", flush=True)
    with connection.cursor() as kursor:
        kursor.execute("UPDATE antrian_peristiwa SET urutan = id WHERE urutan IS NULL")
        kursor.execute(
            "SELECT setval('antrian_peristiwa_urutan_seq', "
            "(SELECT max(urutan) FROM antrian_peristiwa) + 1, false)"
        )
        kursor.execute("ALTER TABLE antrian_peristiwa ENABLE TRIGGER antrian_peristiwa_urutan")
        kursor.execute("VACUUM ANALYZE")  # the steady state autovacuum keeps: visibility map set
    print(f"[data] loaded in {time.monotonic() - mulai:.0f}s", flush=True)
    return ringkasan_data()


def _log(t: Any, unit_id: int, petugas_id: int, petugas_pengguna: int, pemohon_id: int | None) -> list[Any]:
    """The events the services would have written for a tiket that reached its state."""
    from antrian.models import Peristiwa

    def ev(
        jenis: str,
        aksi: str,
        dari: str,
        ke: str,
        waktu: dt.datetime,
        *,
        aktor: int | None,
        petugas: int | None = None,
        catatan: str = "",
    ) -> Peristiwa:
        return Peristiwa(
            tiket_id=t.pk,
            jenis=jenis,
            aksi=aksi,
            dari_status=dari,
            ke_status=ke,
            aktor_id=aktor,
            petugas_id=petugas,
            unit_id=unit_id,
            dibuat_pada=waktu,
            catatan=catatan,
            data={},
        )

    s = t.status
    hasil = [ev("pengajuan", "ajukan", "", "diajukan", t.diajukan_pada, aktor=pemohon_id)]
    if s == "dibatalkan":
        hasil.append(ev("transisi", "batalkan", "diajukan", "dibatalkan", t.ditutup_pada, aktor=pemohon_id))
        return hasil
    if t.petugas_id is None:
        if s == "ditolak":
            hasil.append(
                ev(
                    "transisi",
                    "tolak",
                    "diajukan",
                    "ditolak",
                    t.ditutup_pada,
                    aktor=petugas_pengguna,
                    petugas=petugas_id,
                    catatan="Bukan kewenangan unit ini.",
                )
            )
        return hasil
    hasil.append(
        ev(
            "penugasan",
            "ambil",
            "diajukan",
            "ditugaskan",
            t.ditugaskan_pada,
            aktor=petugas_pengguna,
            petugas=petugas_id,
        )
    )
    if s == "ditugaskan":
        return hasil
    hasil.append(
        ev(
            "transisi",
            "mulai",
            "ditugaskan",
            "diproses",
            t.respons_pertama_pada,
            aktor=petugas_pengguna,
            petugas=petugas_id,
        )
    )
    if s == "menunggu_warga":
        hasil.append(
            ev(
                "transisi",
                "minta_kelengkapan",
                "diproses",
                "menunggu_warga",
                t.jeda_sejak,
                aktor=petugas_pengguna,
                petugas=petugas_id,
                catatan="Mohon unggah pindaian KK yang terbaca.",
            )
        )
    elif s == "ditolak":
        hasil.append(
            ev(
                "transisi",
                "tolak",
                "diproses",
                "ditolak",
                t.ditutup_pada,
                aktor=petugas_pengguna,
                petugas=petugas_id,
                catatan="Persyaratan tidak lengkap.",
            )
        )
    elif s in {"selesai", "ditutup"}:
        hasil.append(
            ev(
                "transisi",
                "selesaikan",
                "diproses",
                "selesai",
                t.diselesaikan_pada,
                aktor=petugas_pengguna,
                petugas=petugas_id,
                catatan=CATATAN_SELESAI,
            )
        )
        if s == "ditutup":
            hasil.append(ev("transisi", "tutup", "selesai", "ditutup", t.ditutup_pada, aktor=None))
    return hasil


def ringkasan_data() -> dict[str, Any]:
    from django.db.models import Count

    from antrian.models import Peristiwa, Tiket

    per_status = dict(Tiket.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "tiket": sum(per_status.values()),
        "per_status": per_status,
        "peristiwa": Peristiwa.objects.count(),
        "unit": Tiket.objects.values("unit").distinct().count(),
    }
