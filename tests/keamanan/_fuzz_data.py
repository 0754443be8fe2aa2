"""The world the schema fuzzer runs in: a real unit with officers, services, a complaint category, tikets in
several states (one with an attachment, one of a guest) and an API token per actor.

Without it nearly every generated request would name a tiket, service or unit that does not exist and end
in 404, which proves little; with it the fuzzer reaches the code behind the lookups too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token

from antrian import services
from antrian.izin import Aktor
from antrian.models import JenisNotifikasi, Notifikasi, Peran, Petugas, Tiket
from keluhan.models import KategoriKeluhan
from keluhan.services import keluhan_ajukan
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_manajer, buat_petugas
from tests.layanan.factories import buat_layanan_akta, png

# The actors the fuzzer speaks as; each becomes one test.
KONTEKS = ("anonim", "warga", "petugas", "supervisor", "manajer")


@dataclass
class DuniaFuzz:
    """What the generated requests are steered towards: real identifiers by parameter name."""

    token: dict[str, str | None]
    # Path parameters: operation path prefix -> parameter -> real values.
    jalur: dict[str, list[Any]] = field(default_factory=dict)
    # Query/body fields with a real meaning -> real values.
    isian: dict[str, list[Any]] = field(default_factory=dict)
    # A guest's tiket and its tracking token: anonymous callers sometimes send them.
    tamu: tuple[str, str] | None = None


def _aktor(siapa: Pengguna | Petugas) -> Aktor:
    return Aktor.dari_pengguna(getattr(siapa, "pengguna", siapa))


def _token(pengguna: Pengguna) -> str:
    return Token.objects.get_or_create(user=pengguna)[0].key


def bangun_dunia() -> DuniaFuzz:
    # Factories return model instances; typed Any because factory_boy's stubs say otherwise.
    unit: Any = UnitFactory(kode="dukcapil", nama="Dinas Kependudukan dan Pencatatan Sipil")
    unit_lain: Any = UnitFactory(kode="dpmptsp", nama="DPMPTSP")
    petugas = buat_petugas(unit)
    petugas_kedua = buat_petugas(unit)
    supervisor = buat_petugas(unit, peran=Peran.SUPERVISOR)
    buat_petugas(unit_lain, peran=Peran.SUPERVISOR)
    manajer = buat_manajer()
    warga: Any = PenggunaFactory(username="warga_fuzz", email="warga.fuzz@contoh.id")
    layanan = buat_layanan_akta(unit)
    kategori = KategoriKeluhan.objects.create(
        kode="jalan-rusak", nama="Jalan rusak", unit_default=unit, target_respons_hari=2
    )

    a_warga, a_petugas = _aktor(warga), _aktor(petugas)

    def keluhan(judul: str, **lain: Any) -> Tiket:
        baru = keluhan_ajukan(
            kategori=kategori, aktor=lain.pop("aktor", a_warga), judul=judul, isi="Isi " + judul, **lain
        )
        return baru.tiket

    dengan_lampiran = keluhan("Lampu jalan mati", lampiran=[png()])
    diajukan = keluhan("Jalan berlubang")
    ditugaskan = keluhan("Selokan tersumbat")
    services.tiket_ambil(tiket=ditugaskan, aktor=a_petugas)
    diproses = keluhan("Sampah menumpuk")
    services.tiket_ambil(tiket=diproses, aktor=a_petugas)
    services.tiket_mulai(tiket=diproses, aktor=a_petugas)
    menunggu = keluhan("Trotoar rusak")
    services.tiket_ambil(tiket=menunggu, aktor=a_petugas)
    services.tiket_mulai(tiket=menunggu, aktor=a_petugas)
    services.tiket_minta_kelengkapan(tiket=menunggu, aktor=a_petugas, pesan="Mohon kirim foto lokasi.")
    selesai = keluhan("Pohon tumbang")
    services.tiket_ambil(tiket=selesai, aktor=a_petugas)
    services.tiket_mulai(tiket=selesai, aktor=a_petugas)
    services.tiket_selesaikan(tiket=selesai, aktor=a_petugas, catatan="Pohon sudah dipotong.")
    tamu = keluhan_ajukan(
        kategori=kategori,
        aktor=Aktor.dari_pengguna(None),
        judul="Banjir di gang",
        isi="Air setinggi lutut",
        kontak=services.Kontak(nama="Tamu", email="tamu@contoh.id"),
    )
    for penerima in (petugas.pengguna, supervisor.pengguna):
        Notifikasi.objects.create(
            penerima=penerima,
            tiket=diajukan,
            jenis=JenisNotifikasi.values[0],
            kunci=f"fuzz:{penerima.pk}",
            pesan="Tiket hampir jatuh tempo",
            dibuat_pada=timezone.now(),
        )

    nomor = [t.nomor for t in (dengan_lampiran, diajukan, ditugaskan, diproses, menunggu, selesai)]
    nomor.append(tamu.tiket.nomor)
    return DuniaFuzz(
        token={
            "anonim": None,
            "warga": _token(warga),
            "petugas": _token(petugas.pengguna),
            "supervisor": _token(supervisor.pengguna),
            "manajer": _token(manajer),
        },
        jalur={
            "/api/v1/tiket/": [{"nomor": n} for n in nomor],
            "/api/v1/tiket/{nomor}/lampiran/": [
                {"nomor": dengan_lampiran.nomor, "lampiran_id": lampiran.pk}
                for lampiran in dengan_lampiran.lampiran.all()
            ],
            "/api/v1/layanan/": [{"kode": layanan.kode}],
            "/api/v1/unit/": [{"kode": unit.kode}, {"kode": unit_lain.kode}],
            "/api/v1/notifikasi/": [{"notifikasi_id": n.pk} for n in Notifikasi.objects.all()],
        },
        isian={
            "layanan": [layanan.kode],
            "kategori": [kategori.kode],
            "unit": [unit.kode, unit_lain.kode],
            "petugas": [petugas.pk, petugas_kedua.pk, supervisor.pk],
        },
        tamu=(str(tamu.tiket.nomor), tamu.token_lacak or ""),
    )
