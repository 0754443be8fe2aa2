"""Load the demo Tubei: units, officers, catalogue, categories, citizens and tikets in every state.

Idempotent: organisation and catalogue are upserted by code; demo tikets are created only once (when the
demo citizen has none), always through the real services so every tiket has a true event log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count

from antrian import services as antrian
from antrian.izin import GRUP_ADMIN, GRUP_MANAJER, GRUP_PETUGAS, GRUP_SUPERVISOR, GRUP_WARGA, Aktor
from antrian.models import Keanggotaan, Petugas, Tiket, Unit
from keluhan.models import KategoriKeluhan
from keluhan.services import keluhan_ajukan
from layanan.models import IsianFormulir, JenisLayanan, Persyaratan
from layanan.services import permohonan_ajukan
from portal.demo.katalog import LAYANAN
from portal.demo.organisasi import KATEGORI_KELUHAN, PETUGAS, UNIT
from portal.demo.templat_jawaban import muat_templat_jawaban
from portal.models import Pengguna
from portal.open311.kunci import pasang_aplikasi_demo

KATA_SANDI_DEMO = "sigap-demo-2026"
PDF_KECIL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Laporan:
    login: list[tuple[str, str]] = field(default_factory=list)
    tiket: dict[str, int] = field(default_factory=dict)


def _pengguna(username: str, nama: str, *, grup: str, email: str | None = None, **extra: Any) -> Pengguna:
    pengguna, dibuat = Pengguna.objects.get_or_create(
        username=username, defaults={"nama_lengkap": nama, "email": email, **extra}
    )
    if dibuat:
        pengguna.set_password(KATA_SANDI_DEMO)
        pengguna.save()
    pengguna.groups.add(Group.objects.get_or_create(name=grup)[0])
    return pengguna


def _organisasi(laporan: Laporan) -> dict[str, Unit]:
    unit = {}
    for kode, nama, email, telepon in UNIT:
        unit[kode], _ = Unit.objects.update_or_create(
            kode=kode, defaults={"nama": nama, "email": email, "telepon": telepon, "aktif": True}
        )
    for username, nama, nip, kode_unit, peran, jabatan in PETUGAS:
        grup = GRUP_SUPERVISOR if peran == "supervisor" else GRUP_PETUGAS
        pengguna = _pengguna(username, nama, grup=grup, email=f"{username}@tubei.go.id")
        petugas, _ = Petugas.objects.update_or_create(
            pengguna=pengguna, defaults={"nip": nip, "jabatan": jabatan, "aktif": True}
        )
        Keanggotaan.objects.update_or_create(petugas=petugas, unit=unit[kode_unit], defaults={"peran": peran})
        laporan.login.append((username, f"{peran} {unit[kode_unit].kode}"))
    _pengguna("pimpinan", "Drs. H. Sekda Tubei", grup=GRUP_MANAJER, email="pimpinan@tubei.go.id")
    laporan.login.append(("pimpinan", "manajer (dasbor semua unit)"))
    admin = _pengguna("admin", "Administrator SIGAP", grup=GRUP_ADMIN, email="admin@tubei.go.id")
    if not admin.is_staff:
        admin.is_staff = admin.is_superuser = True
        admin.save()
    laporan.login.append(("admin", "admin (/admin/)"))
    return unit


def _katalog(unit: dict[str, Unit]) -> None:
    for data in LAYANAN:
        data = dict(data)
        persyaratan = data.pop("persyaratan")
        formulir = data.pop("formulir")
        kode_unit = data.pop("unit")
        layanan, _ = JenisLayanan.objects.update_or_create(
            kode=data.pop("kode"), defaults={**data, "unit": unit[kode_unit], "aktif": True}
        )
        for urutan, (kode, nama, wajib) in enumerate(persyaratan, start=1):
            Persyaratan.objects.update_or_create(
                layanan=layanan, kode=kode, defaults={"nama": nama, "wajib": wajib, "urutan": urutan}
            )
        for urutan, (kode, label, tipe, wajib, pilihan) in enumerate(formulir, start=1):
            IsianFormulir.objects.update_or_create(
                layanan=layanan,
                kode=kode,
                defaults={
                    "label": label,
                    "tipe": tipe,
                    "wajib": wajib,
                    "urutan": urutan,
                    "pilihan": pilihan or [],
                },
            )
    for urutan, (kode, nama, deskripsi, kode_unit) in enumerate(KATEGORI_KELUHAN, start=1):
        KategoriKeluhan.objects.update_or_create(
            kode=kode,
            defaults={
                "nama": nama,
                "deskripsi": deskripsi,
                "unit_default": unit[kode_unit],
                "aktif": True,
                "urutan": urutan,
            },
        )


def _dokumen(layanan: JenisLayanan) -> dict[str, list[Any]]:
    return {
        p.kode: [SimpleUploadedFile(f"{p.kode}.pdf", PDF_KECIL, content_type="application/pdf")]
        for p in layanan.persyaratan.filter(wajib=True)
    }


def _mohon(warga: Pengguna, kode: str, jawaban: dict[str, Any]) -> Tiket:
    layanan = JenisLayanan.objects.get(kode=kode)
    return permohonan_ajukan(
        layanan=layanan,
        aktor=Aktor.dari_pengguna(warga),
        jawaban=jawaban,
        dokumen=_dokumen(layanan),
        kontak=None,
    ).tiket


def _adukan(warga: Pengguna | None, kode: str, judul: str, isi: str, **extra: Any) -> Tiket:
    return keluhan_ajukan(
        kategori=KategoriKeluhan.objects.get(kode=kode),
        aktor=Aktor.dari_pengguna(warga),
        judul=judul,
        isi=isi,
        lampiran=[],
        kontak=extra.pop("kontak", None),
        **extra,
    ).tiket


def _petugas(username: str) -> Aktor:
    aktor = Aktor.dari_pengguna(Pengguna.objects.get(username=username))
    assert aktor.petugas is not None
    return aktor


def _tiket(laporan: Laporan) -> None:
    warga = _pengguna(
        "siti",
        "Siti Aminah",
        grup=GRUP_WARGA,
        email="siti.aminah@contoh.id",
        telepon="+6281234567801",
        nik="1471054508900001",
    )
    warga2 = _pengguna(
        "rudi", "Rudi Hartono", grup=GRUP_WARGA, email="rudi.hartono@contoh.id", telepon="+6281234567802"
    )
    laporan.login += [("siti", "warga"), ("rudi", "warga")]
    if Tiket.objects.filter(pemohon__in=[warga, warga2]).exists():
        return
    sari, kadis = _petugas("sari.dukcapil"), _petugas("kadis.dukcapil")
    dewi, yusuf, kabid_pupr = _petugas("dewi.dpmptsp"), _petugas("yusuf.pupr"), _petugas("kabid.pupr")
    ktp = {"alasan": "rusak", "tanggal_lahir": "1990-08-05", "nomor_kk": "1471050101090001"}

    _mohon(warga, "ktp-el", ktp)  # diajukan
    _mohon(warga2, "kia", {"nama_anak": "Nadia Hartono", "tanggal_lahir": "2019-03-14"})  # diajukan
    t = _mohon(warga, "kartu-keluarga", {"jenis": "tambah", "jumlah_anggota": 4})
    antrian.tiket_tugaskan(
        tiket=t,
        petugas=Petugas.objects.get(pengguna__username="budi.dukcapil"),
        aktor=kadis,
        catatan="Mohon diproses hari ini.",
    )
    t = _mohon(
        warga2,
        "akta-kelahiran",
        {"nama_anak": "Bima", "tanggal_lahir": "2026-11-20", "tempat_lahir": "Tubei"},
    )
    antrian.tiket_ambil(tiket=t, aktor=sari)
    antrian.tiket_mulai(tiket=t, aktor=sari)  # diproses
    t = _mohon(warga, "nib", {"nama_usaha": "Warung Siti", "bidang": "kuliner", "modal": 5000000})
    antrian.tiket_ambil(tiket=t, aktor=dewi)
    antrian.tiket_mulai(tiket=t, aktor=dewi)
    antrian.tiket_minta_kelengkapan(tiket=t, aktor=dewi, pesan="Mohon unggah NPWP usaha bila sudah ada.")

    t = _adukan(
        warga,
        "jalan-rusak",
        "Jalan berlubang di Jl. Sudirman",
        "Lubang besar di depan SD 012, berbahaya bagi pengendara motor.",
        lintang="0.507068",
        bujur="101.447777",
        alamat="Jl. Sudirman depan SD 012",
    )
    antrian.tiket_tugaskan(
        tiket=t, petugas=Petugas.objects.get(pengguna__username="yusuf.pupr"), aktor=kabid_pupr
    )
    antrian.tiket_mulai(tiket=t, aktor=yusuf)
    antrian.tiket_tanggapi(tiket=t, aktor=yusuf, isi="Tim sudah survei; penambalan dijadwalkan Kamis.")
    antrian.tiket_selesaikan(tiket=t, aktor=yusuf, catatan="Lubang sudah ditambal aspal dingin.")  # selesai
    t = _adukan(warga2, "drainase-banjir", "Saluran tersumbat di Gg. Melati", "Air meluap tiap hujan.")
    antrian.tiket_ambil(tiket=t, aktor=yusuf)
    antrian.tiket_mulai(tiket=t, aktor=yusuf)
    antrian.tiket_selesaikan(tiket=t, aktor=yusuf, catatan="Saluran sudah dinormalisasi.")
    antrian.tiket_tutup(tiket=t, aktor=Aktor.dari_pengguna(warga2), catatan="Terima kasih, sudah lancar.")
    t = _adukan(warga, "perizinan", "Izin usaha lama", "Sudah dua minggu belum ada kabar.")
    antrian.tiket_tolak(
        tiket=t, aktor=dewi, alasan="duplikat", catatan="Sama dengan permohonan NIB yang sedang diproses."
    )
    t = _mohon(warga2, "sktm", {"keperluan": "pendidikan"})
    antrian.tiket_batalkan(tiket=t, aktor=Aktor.dari_pengguna(warga2), catatan="Sudah tidak diperlukan.")
    t = _adukan(
        warga, "administrasi-kependudukan", "Blangko KTP kosong", "Disuruh kembali bulan depan.", rahasia=True
    )
    antrian.tiket_alihkan(
        tiket=t,
        aktor=kadis,
        unit_tujuan=Unit.objects.get(kode="inspektorat"),
        alasan="Dugaan maladministrasi, ditangani Inspektorat.",
    )
    _adukan(
        None,
        "pungli-maladministrasi",
        "Pungutan di loket",
        "Diminta Rp50.000 untuk mempercepat berkas.",
        anonim=True,
    )
    laporan.tiket = dict(Tiket.objects.order_by().values_list("status").annotate(n=Count("id")))


@transaction.atomic
def muat_demo() -> Laporan:
    laporan = Laporan()
    unit = _organisasi(laporan)
    muat_templat_jawaban(unit)
    _katalog(unit)
    _tiket(laporan)
    pasang_aplikasi_demo()  # Open311 client app with the demo-only key `demo-open311-key`
    return laporan
