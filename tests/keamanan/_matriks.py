"""The world of the authorisation matrix: eleven actors, two units, and the tikets they act on.

Every tiket of the matrix is a confidential complaint (`identitas_rahasia`): its reporter's identity may
reach its owner only, so every answer to anyone else is checked for the name, e-mail, phone and NIK (whole
or masked). Each state a lifecycle action starts from has one tiket of citizen A and one filed by a guest
without an account; a guest actor acts on the guest's tiket, everyone else on citizen A's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client

from antrian import services
from antrian.izin import GRUP_MANAJER, Aktor
from antrian.models import (
    AksesIdentitas,
    Notifikasi,
    Peran,
    Peristiwa,
    Petugas,
    Tanggapan,
    TemplatJawaban,
    Tiket,
    Unit,
)
from antrian.models.metrik import SurveiKepuasan
from keluhan import services as keluhan_services
from keluhan.models import KategoriKeluhan
from portal.models import AplikasiOpen311, Pengguna
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_petugas
from tests.keluhan.berkas_uji import png
from tests.portal.open311_bantu import buat_aplikasi, buat_kategori, buat_layanan_sederhana

SANDI = "rahasia-123"  # PenggunaFactory's password

AKTOR = (
    "anonim",
    "warga_a",
    "warga_b",
    "tamu_benar",
    "tamu_salah",
    "petugas",
    "petugas_lain",
    "supervisor",
    "supervisor_lain",
    "manajer",
    "admin",
)
# Groups a row may name instead of listing actors one by one.
GRUP: dict[str, tuple[str, ...]] = {
    "pemilik": ("warga_a", "tamu_benar"),
    "tamu": ("tamu_benar", "tamu_salah"),
    "tanpa_akun": ("anonim", "tamu_benar", "tamu_salah"),
    "warga": ("warga_a", "warga_b"),
    "unit": ("petugas", "supervisor"),
    "lain": ("petugas_lain", "supervisor_lain"),
    "staf": ("petugas", "petugas_lain", "supervisor", "supervisor_lain"),
    "atas": ("manajer", "admin"),
    "masuk": (
        "warga_a",
        "warga_b",
        "petugas",
        "petugas_lain",
        "supervisor",
        "supervisor_lain",
        "manajer",
        "admin",
    ),
}
# Who may see citizen A's tiket (for a guest actor: the guest's tiket): its owner, its unit, the top.
MELIHAT = ("warga_a", "tamu_benar", "petugas", "supervisor", "manajer", "admin")

LOGIN = "login"  # 302 to the portal's login page
LOGIN_ADMIN = "login-admin"  # 302 to the admin's login page
BERHASIL = {200, 201, 204, 303}

STATUS = ("diajukan", "ditugaskan", "diproses", "menunggu_warga", "selesai")

# The confidential reporters. Phones are matched without their prefix (+62 or 0).
# Unlike any example in help texts or the API schema (081234567890, 3201**********01).
WARGA_A = {"nama": "Wulan Rahasiawati", "email": "wulan.rahasia@contoh.id", "telepon": "+6281298765431"}
NIK_A = "3273014101900002"
TAMU = {"nama": "Tamu Sembunyisari", "email": "tamu.sembunyi@contoh.id", "telepon": "+6285712345678"}


def identitas_rahasia(pemilik: str) -> list[str]:
    """The strings that betray one reporter: whole NIK, masked NIK, name, e-mail, phone."""
    if pemilik == "warga":
        return [NIK_A, NIK_A[:4] + "*", WARGA_A["nama"], WARGA_A["email"], WARGA_A["telepon"][3:]]
    return [TAMU["nama"], TAMU["email"], TAMU["telepon"][3:]]


def harapan(bawaan: Any, **ubah: Any) -> dict[str, Any]:
    """Expected outcome per actor: `bawaan` for all, then groups (GRUP keys), then single actors."""
    hasil = dict.fromkeys(AKTOR, bawaan)
    for kunci, nilai in sorted(ubah.items(), key=lambda kv: kv[0] in AKTOR):
        for nama in GRUP.get(kunci, (kunci,)):
            assert nama in AKTOR, f"unknown actor {nama}"
            hasil[nama] = nilai
    return hasil


@dataclass
class TiketUji:
    tiket: Tiket
    token: str
    lampiran_id: int

    @property
    def nomor(self) -> str:
        return self.tiket.nomor or ""


@dataclass
class Dunia:
    unit: Unit
    unit_lain: Unit
    pengguna: dict[str, Pengguna | None]
    petugas: dict[str, Petugas]
    petugas_kedua: Petugas
    kategori: KategoriKeluhan
    layanan_kode: str
    aplikasi: AplikasiOpen311
    tiket: dict[tuple[str, str], TiketUji]
    notifikasi_id: int
    templat_id: int
    kuki: dict[str, str] = field(default_factory=dict)

    def subjek(self, aktor: str, status: str = "diajukan") -> TiketUji:
        return self.tiket[(status, "tamu" if aktor.startswith("tamu") else "warga")]

    def token(self, aktor: str, status: str = "diajukan") -> str | None:
        if aktor == "tamu_benar":
            return self.subjek(aktor, status).token
        if aktor == "tamu_salah":
            return "salah-" + self.subjek(aktor, status).token[6:]
        return None

    def masuk_semua(self) -> None:
        """Log every actor with an account in once; each test reuses the session (its changes roll back)."""
        for aktor, pengguna in self.pengguna.items():
            if pengguna is not None:
                klien = Client()
                klien.force_login(pengguna)
                self.kuki[aktor] = klien.cookies[settings.SESSION_COOKIE_NAME].value

    def klien(self, aktor: str) -> Client:
        klien = Client()
        if aktor in self.kuki:
            klien.cookies[settings.SESSION_COOKIE_NAME] = self.kuki[aktor]
        elif self.pengguna.get(aktor) is not None:
            klien.force_login(self.pengguna[aktor])  # type: ignore[arg-type]
        return klien


def _pengguna(nama: str, **kwargs: Any) -> Pengguna:
    return PenggunaFactory(username=nama, email=kwargs.pop("email", f"{nama}@contoh.id"), **kwargs)


_JALUR = {
    "diajukan": (),
    "ditugaskan": ("ambil",),
    "diproses": ("ambil", "mulai"),
    "menunggu_warga": ("ambil", "mulai", "minta_kelengkapan"),
    "selesai": ("ambil", "mulai", "selesaikan"),
}


def _maju(tu: TiketUji, sampai: str, petugas: Petugas) -> None:
    """Move a fresh tiket through the services to `sampai`, as its officer."""
    oleh = Aktor.dari_pengguna(petugas.pengguna)
    langkah: dict[str, Callable[[Tiket], object]] = {
        "ambil": lambda t: services.tiket_ambil(tiket=t, aktor=oleh),
        "mulai": lambda t: services.tiket_mulai(tiket=t, aktor=oleh),
        "minta_kelengkapan": lambda t: services.tiket_minta_kelengkapan(tiket=t, aktor=oleh, pesan="Foto?"),
        "selesaikan": lambda t: services.tiket_selesaikan(tiket=t, aktor=oleh, catatan="Beres."),
    }
    for nama in _JALUR[sampai]:
        langkah[nama](Tiket.objects.get(pk=tu.tiket.pk))
    tu.tiket = Tiket.objects.get(pk=tu.tiket.pk)


def bangun(*, status: Iterable[str] = STATUS) -> Dunia:
    """Everything the matrix needs, written through the services. Caller holds the transaction."""
    unit = UnitFactory(kode="dukcapil", nama="Dinas Kependudukan", strategi_penugasan="klaim")
    unit_lain = UnitFactory(kode="dpmptsp", nama="DPMPTSP", strategi_penugasan="klaim")
    warga_a = _pengguna(
        "warga_a", email=WARGA_A["email"], nama_lengkap=WARGA_A["nama"], telepon=WARGA_A["telepon"], nik=NIK_A
    )
    pengguna: dict[str, Pengguna | None] = {
        "anonim": None,
        "tamu_benar": None,
        "tamu_salah": None,
        "warga_a": warga_a,
        "warga_b": _pengguna("warga_b", nama_lengkap="Budi Lain"),
    }
    petugas = {
        "petugas": buat_petugas(unit, pengguna=_pengguna("petugas", nama_lengkap="Pak Petugas")),
        "supervisor": buat_petugas(
            unit, peran=Peran.SUPERVISOR, pengguna=_pengguna("supervisor", nama_lengkap="Bu Kepala")
        ),
        "petugas_lain": buat_petugas(unit_lain, pengguna=_pengguna("petugas_lain", nama_lengkap="Pak Lain")),
        "supervisor_lain": buat_petugas(
            unit_lain, peran=Peran.SUPERVISOR, pengguna=_pengguna("supervisor_lain", nama_lengkap="Bu Lain")
        ),
    }
    pengguna.update({k: p.pengguna for k, p in petugas.items()})
    manajer = _pengguna("manajer", nama_lengkap="Pimpinan Daerah")
    manajer.groups.add(Group.objects.get_or_create(name=GRUP_MANAJER)[0])
    pengguna["manajer"] = manajer
    pengguna["admin"] = _pengguna("admin", nama_lengkap="Admin Sistem", is_staff=True, is_superuser=True)
    petugas_kedua = buat_petugas(unit, pengguna=_pengguna("petugas_kedua", nama_lengkap="Pak Kedua"))

    kategori = buat_kategori(unit)
    layanan = buat_layanan_sederhana(unit)
    tiket: dict[tuple[str, str], TiketUji] = {}
    for st in status:
        for pemilik in ("warga", "tamu"):
            with transaction.atomic():
                baru = keluhan_services.keluhan_ajukan(
                    kategori=kategori,
                    aktor=Aktor.dari_pengguna(warga_a if pemilik == "warga" else None),
                    judul=f"Pungli rahasia {st} {pemilik}",
                    isi="Petugas loket meminta uang.",
                    alamat="Jl. Merdeka 1",
                    rahasia=True,
                    lampiran=[png("bukti.png")],
                    kontak=services.Kontak(**TAMU) if pemilik == "tamu" else None,
                )
            lampiran = baru.tiket.lampiran.first()  # type: ignore[attr-defined]
            tu = TiketUji(tiket=baru.tiket, token=baru.token_lacak, lampiran_id=lampiran.pk)
            _maju(tu, st, petugas["petugas"])
            tiket[(st, pemilik)] = tu
    pertama = tiket[(next(iter(status)), "warga")].tiket
    notifikasi = Notifikasi.objects.create(
        penerima=petugas["petugas"].pengguna,
        tiket=pertama,
        jenis="terlambat",
        kunci=f"matriks-{uuid.uuid4().hex}",
        pesan=f"Tiket {pertama.nomor} terlambat.",
    )
    templat = TemplatJawaban.objects.create(unit=unit, judul="Salam", isi="Yth. {nama_warga}, tiket {nomor}.")
    return Dunia(
        unit=unit,
        unit_lain=unit_lain,
        pengguna=pengguna,
        petugas=petugas,
        petugas_kedua=petugas_kedua,
        kategori=kategori,
        layanan_kode=layanan.kode,
        aplikasi=buat_aplikasi(),
        tiket=tiket,
        notifikasi_id=notifikasi.pk,
        templat_id=templat.pk,
    )


def jejak() -> dict[str, Any]:
    """What a state-changing request could have changed: every tiket's status and version, and the counts
    of events, replies, surveys, notifications read, users and tikets."""
    return {
        "tiket": dict(Tiket.objects.values_list("pk", "status")),
        "versi": dict(Tiket.objects.values_list("pk", "versi")),
        "unit": dict(Tiket.objects.values_list("pk", "unit_id")),
        "petugas": dict(Tiket.objects.values_list("pk", "petugas_id")),
        "peristiwa": Peristiwa.objects.count(),
        "tanggapan": Tanggapan.objects.count(),
        "survei": SurveiKepuasan.objects.count(),
        "dibaca": Notifikasi.objects.filter(dibaca_pada__isnull=False).count(),
        "pengguna": Pengguna.objects.count(),
        "akses_identitas": AksesIdentitas.objects.count(),
    }


def isi(respons: Any) -> str:
    """The body as text, streamed or not."""
    streaming = getattr(respons, "streaming", False)
    data = b"".join(respons.streaming_content) if streaming else respons.content
    return data.decode("utf-8", errors="replace")


# --- the admin tree, generated from the admin site's registry --------------------------------------------

JENIS_ADMIN = ("changelist", "add", "change", "delete", "history")
# Admin pages whose rows carry tikets' people: there, even a superuser sees no confidential reporter.
APP_TIKET = ("antrian", "keluhan", "layanan")


def url_admin(model: type[Any], jenis: str) -> tuple[str, Any]:
    """The admin URL of one view of a registered model, and the object it shows (None: none exists)."""
    from django.urls import reverse

    nama = f"admin:{model._meta.app_label}_{model._meta.model_name}_{jenis}"
    if jenis in ("changelist", "add"):
        return reverse(nama), None
    obj = model._default_manager.order_by("pk").first()
    return reverse(nama, args=[obj.pk if obj is not None else 0]), obj


def harapan_admin(model_admin: Any, jenis: str, obj: Any, pengguna: Pengguna) -> int:
    """What a superuser gets, from the ModelAdmin's own permission methods."""
    from django.test import RequestFactory

    permintaan = RequestFactory().get("/admin/")
    permintaan.user = pengguna
    if jenis == "changelist":
        return 200 if model_admin.has_view_or_change_permission(permintaan) else 403
    if jenis == "add":
        return 200 if model_admin.has_add_permission(permintaan) else 403
    if jenis == "delete":
        boleh = model_admin.has_delete_permission(permintaan, obj)  # checked before the lookup
        return 403 if not boleh else 200 if obj is not None else 302
    if obj is None:
        return 302  # an object that does not exist: back to the admin index with a message
    return 200 if model_admin.has_view_or_change_permission(permintaan, obj) else 403
