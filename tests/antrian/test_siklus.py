"""The lifecycle matrix: every transition of DOMAIN.md's table, for the right actor, the wrong actor and the
wrong state. Services are called directly; tikets reach a state only through the services.

The helpers at the top (`Konteks`, `bawa_ke`, `jalankan`, `pelaku`) are shared by the other lifecycle
test modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from antrian import services
from antrian.exceptions import TidakDiizinkan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import JenisTiket, Peristiwa, Petugas, Status, Tiket, Unit
from antrian.models.catatan import JenisPeristiwa
from portal.models import Pengguna
from tests.antrian.factories import buat_tiket, segarkan
from tests.conftest import aktor

# --- shared helpers ---------------------------------------------------------------------------------


@dataclass
class Konteks:
    unit: Unit
    unit_lain: Unit
    petugas: Petugas  # the officer who claims the tiket on the way to a state


@pytest.fixture
def ktx(unit: Unit, unit_lain: Unit, petugas: Petugas) -> Konteks:
    return Konteks(unit=unit, unit_lain=unit_lain, petugas=petugas)


# Valid arguments for each service, so a test only states what it changes.
BAWAAN: dict[str, dict[str, Any]] = {
    "minta_kelengkapan": {"pesan": "Mohon unggah Kartu Keluarga terbaru."},
    "lengkapi": {"pesan": "Sudah saya unggah."},
    "selesaikan": {"catatan": "KTP-el sudah dicetak dan dapat diambil.", "produk": "KTP-el"},
    "buka_kembali": {"alasan": "Nama di KTP salah ketik."},
    "tolak": {"alasan": "duplikat", "catatan": "Sama dengan pengaduan sebelumnya."},
    "alihkan": {"alasan": "Perizinan adalah wewenang DPMPTSP."},
}


def jalankan(ktx: Konteks, aksi: str, tiket: Tiket, pelaku_aksi: Aktor, **ubah: Any) -> Tiket:
    """Run `tiket_<aksi>` with valid arguments, overridden by `ubah`."""
    argumen = dict(BAWAAN.get(aksi, {}))
    if aksi == "tugaskan":
        argumen["petugas"] = ktx.petugas
    if aksi == "alihkan":
        argumen["unit_tujuan"] = ktx.unit_lain
    argumen.update(ubah)
    return getattr(services, f"tiket_{aksi}")(tiket=tiket, aktor=pelaku_aksi, **argumen)


# How each state is reached: (aksi, who) with who = the assigned officer or the citizen.
JALAN: dict[str, list[tuple[str, str]]] = {
    Status.DIAJUKAN: [],
    Status.DITUGASKAN: [("ambil", "petugas")],
    Status.DIPROSES: [("ambil", "petugas"), ("mulai", "petugas")],
    Status.MENUNGGU_WARGA: [("ambil", "petugas"), ("mulai", "petugas"), ("minta_kelengkapan", "petugas")],
    Status.SELESAI: [("ambil", "petugas"), ("mulai", "petugas"), ("selesaikan", "petugas")],
    Status.DITUTUP: [
        ("ambil", "petugas"),
        ("mulai", "petugas"),
        ("selesaikan", "petugas"),
        ("tutup", "warga"),
    ],
    Status.DITOLAK: [("tolak", "petugas")],
    Status.DIBATALKAN: [("batalkan", "warga")],
}


def bawa_ke(status: str, ktx: Konteks, *, pemohon: Pengguna | None, jenis: str = JenisTiket.KELUHAN) -> Tiket:
    """A fresh tiket filed by `pemohon` (None: a guest) and walked to `status` through the services."""
    tiket = buat_tiket(ktx.unit, pemohon=pemohon, jenis=jenis).tiket
    oleh = {
        "petugas": aktor(ktx.petugas),
        "warga": aktor(pemohon) if pemohon is not None else Aktor.tamu(tiket.pk),
    }
    for aksi, siapa in JALAN[status]:
        jalankan(ktx, aksi, tiket, oleh[siapa])
    tiket = segarkan(tiket)
    assert tiket.status == status
    return tiket


PERAN_PENGGUNA = {
    "petugas",
    "petugas_kedua",
    "supervisor",
    "petugas_unit_lain",
    "supervisor_unit_lain",
    "warga",
    "warga_lain",
    "manajer",
}


def pelaku(request: pytest.FixtureRequest, peran: str, tiket: Tiket) -> Aktor:
    """The Aktor for a role name as used in the matrices below."""
    if peran == "tamu":
        return Aktor.tamu(tiket.pk)
    if peran == "tamu_lain":
        # A guest who holds the token of a different tiket.
        return Aktor.tamu(buat_tiket(tiket.unit).tiket.pk)
    if peran == "sistem":
        return Aktor.sistem_otomatis()
    assert peran in PERAN_PENGGUNA, peran
    return aktor(request.getfixturevalue(peran))


def pemohon_untuk(request: pytest.FixtureRequest, peran: str) -> Pengguna | None:
    """Guests act on guest tikets; everyone else acts on a tiket filed by the `warga` account."""
    return None if peran.startswith("tamu") else request.getfixturevalue("warga")


def jejak(tiket: Tiket) -> tuple[Any, ...]:
    """What must not move when a transition is refused."""
    segar = segarkan(tiket)
    return (
        segar.status,
        segar.versi,
        segar.petugas_id,
        segar.unit_id,
        Peristiwa.objects.filter(tiket=tiket).count(),
    )


# --- the matrix ---------------------------------------------------------------------------------------

S = Status
DIIZINKAN = [
    ("tugaskan", S.DIAJUKAN, "supervisor", S.DITUGASKAN),
    ("tugaskan", S.DIAJUKAN, "sistem", S.DITUGASKAN),
    ("ambil", S.DIAJUKAN, "petugas", S.DITUGASKAN),
    ("ambil", S.DIAJUKAN, "supervisor", S.DITUGASKAN),
    ("lepaskan", S.DITUGASKAN, "petugas", S.DIAJUKAN),
    ("lepaskan", S.DITUGASKAN, "supervisor", S.DIAJUKAN),
    ("mulai", S.DITUGASKAN, "petugas", S.DIPROSES),
    ("minta_kelengkapan", S.DIPROSES, "petugas", S.MENUNGGU_WARGA),
    ("lengkapi", S.MENUNGGU_WARGA, "warga", S.DIPROSES),
    ("lengkapi", S.MENUNGGU_WARGA, "tamu", S.DIPROSES),
    ("selesaikan", S.DIPROSES, "petugas", S.SELESAI),
    ("buka_kembali", S.SELESAI, "warga", S.DIPROSES),
    ("buka_kembali", S.SELESAI, "tamu", S.DIPROSES),
    ("tutup", S.SELESAI, "warga", S.DITUTUP),
    ("tutup", S.SELESAI, "tamu", S.DITUTUP),
    ("tutup", S.SELESAI, "sistem", S.DITUTUP),
    ("tolak", S.DIAJUKAN, "petugas", S.DITOLAK),
    ("tolak", S.DIAJUKAN, "petugas_kedua", S.DITOLAK),
    ("tolak", S.DIAJUKAN, "supervisor", S.DITOLAK),
    ("tolak", S.DITUGASKAN, "petugas", S.DITOLAK),
    ("tolak", S.DITUGASKAN, "supervisor", S.DITOLAK),
    ("tolak", S.DIPROSES, "petugas", S.DITOLAK),
    ("tolak", S.DIPROSES, "supervisor", S.DITOLAK),
    ("batalkan", S.DIAJUKAN, "warga", S.DIBATALKAN),
    ("batalkan", S.DIAJUKAN, "tamu", S.DIBATALKAN),
    ("batalkan", S.DITUGASKAN, "warga", S.DIBATALKAN),
    ("batalkan", S.DITUGASKAN, "tamu", S.DIBATALKAN),
    ("alihkan", S.DIAJUKAN, "supervisor", S.DIAJUKAN),
    ("alihkan", S.DITUGASKAN, "supervisor", S.DIAJUKAN),
    ("alihkan", S.DIPROSES, "supervisor", S.DIAJUKAN),
]

JENIS_PERISTIWA = {
    "tugaskan": JenisPeristiwa.PENUGASAN,
    "ambil": JenisPeristiwa.PENUGASAN,
    "lepaskan": JenisPeristiwa.PENUGASAN,
    "alihkan": JenisPeristiwa.PENGALIHAN,
}


@pytest.mark.parametrize(
    ("aksi", "dari", "peran", "ke"), DIIZINKAN, ids=[f"{a}-{d}-{p}" for a, d, p, _ in DIIZINKAN]
)
def test_transisi_yang_diizinkan_berhasil_dan_menulis_satu_peristiwa(request, ktx, aksi, dari, peran, ke):
    tiket = bawa_ke(dari, ktx, pemohon=pemohon_untuk(request, peran))
    oleh = pelaku(request, peran, tiket)
    sebelum = Peristiwa.objects.filter(tiket=tiket).count()
    versi = tiket.versi

    hasil = jalankan(ktx, aksi, tiket, oleh)

    tersimpan = segarkan(tiket)
    assert hasil.status == tersimpan.status == ke
    assert tersimpan.versi == versi + 1
    baru = list(Peristiwa.objects.filter(tiket=tiket).order_by("id")[sebelum:])
    assert len(baru) == 1
    peristiwa = baru[0]
    assert peristiwa.jenis == JENIS_PERISTIWA.get(aksi, JenisPeristiwa.TRANSISI)
    assert peristiwa.aksi == aksi
    assert (peristiwa.dari_status, peristiwa.ke_status) == (dari, ke)
    assert peristiwa.aktor_id == oleh.pengguna_id
    assert peristiwa.unit_id == tersimpan.unit_id


@pytest.mark.parametrize("peran", ["supervisor", "sistem"])
def test_penugasan_mencatat_petugas_yang_ditugaskan(request, ktx, peran):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=request.getfixturevalue("warga"))

    hasil = jalankan(ktx, "tugaskan", tiket, pelaku(request, peran, tiket))

    assert hasil.petugas == ktx.petugas
    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert peristiwa.petugas_id == ktx.petugas.pk
    assert peristiwa.data == {"petugas": ktx.petugas.pk}


def test_petugas_yang_mengambil_menjadi_petugas_tiket(ktx, warga, petugas_kedua):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)

    hasil = services.tiket_ambil(tiket=tiket, aktor=aktor(petugas_kedua))

    assert hasil.petugas == petugas_kedua
    assert Peristiwa.objects.filter(tiket=tiket).last().petugas_id == petugas_kedua.pk


@pytest.mark.parametrize("peran", ["petugas", "supervisor"])
def test_melepaskan_mengembalikan_tiket_ke_antrian_tanpa_petugas(request, ktx, warga, peran):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    hasil = jalankan(ktx, "lepaskan", tiket, pelaku(request, peran, tiket))

    assert hasil.petugas is None
    assert segarkan(tiket).petugas_id is None


# --- wrong state: 409 whoever asks ------------------------------------------------------------------

PELAKU_UTAMA = {
    "tugaskan": "supervisor",
    "ambil": "petugas",
    "lepaskan": "petugas",
    "mulai": "petugas",
    "minta_kelengkapan": "petugas",
    "lengkapi": "warga",
    "selesaikan": "petugas",
    "buka_kembali": "warga",
    "tutup": "warga",
    "tolak": "supervisor",
    "batalkan": "warga",
    "alihkan": "supervisor",
}
SUMBER = {aksi: {d for a, d, _, _ in DIIZINKAN if a == aksi} for aksi in PELAKU_UTAMA}
STATUS_SALAH = [
    (aksi, status) for aksi in PELAKU_UTAMA for status in Status.values if status not in SUMBER[aksi]
]


def test_matriks_status_salah_mencakup_setiap_pasangan_aksi_dan_status():
    # Guards the generated matrix itself: 12 actions x 8 states, minus the allowed sources.
    assert len(STATUS_SALAH) + sum(len(s) for s in SUMBER.values()) == 12 * 8
    assert SUMBER["tolak"] == {S.DIAJUKAN, S.DITUGASKAN, S.DIPROSES}


@pytest.mark.parametrize(("aksi", "status"), STATUS_SALAH, ids=[f"{a}-dari-{s}" for a, s in STATUS_SALAH])
def test_transisi_dari_status_yang_salah_ditolak_sebagai_konflik(request, ktx, warga, aksi, status):
    tiket = bawa_ke(status, ktx, pemohon=warga)
    oleh = pelaku(request, PELAKU_UTAMA[aksi], tiket)
    awal = jejak(tiket)

    with pytest.raises(TransisiTidakSah) as info:
        jalankan(ktx, aksi, tiket, oleh)

    assert info.value.status_http == 409
    assert jejak(tiket) == awal


# --- wrong actor: 403 -------------------------------------------------------------------------------

DILARANG = [
    # only a supervisor (or the auto-assigner) assigns
    *[("tugaskan", S.DIAJUKAN, p) for p in ["petugas", "petugas_kedua", "supervisor_unit_lain", "warga"]],
    *[("tugaskan", S.DIAJUKAN, p) for p in ["manajer", "tamu"]],
    # claiming is for officers of the tiket's unit
    *[("ambil", S.DIAJUKAN, p) for p in ["petugas_unit_lain", "supervisor_unit_lain", "warga", "manajer"]],
    *[("ambil", S.DIAJUKAN, p) for p in ["tamu", "sistem"]],
    *[("lepaskan", S.DITUGASKAN, p) for p in ["petugas_kedua", "petugas_unit_lain", "warga", "manajer"]],
    *[("lepaskan", S.DITUGASKAN, p) for p in ["tamu", "sistem"]],
    # only the assigned officer works the tiket: not a colleague, not even the supervisor
    *[("mulai", S.DITUGASKAN, p) for p in ["petugas_kedua", "supervisor", "petugas_unit_lain", "warga"]],
    *[("mulai", S.DITUGASKAN, p) for p in ["manajer", "tamu", "sistem"]],
    *[("minta_kelengkapan", S.DIPROSES, p) for p in ["petugas_kedua", "supervisor", "petugas_unit_lain"]],
    *[("minta_kelengkapan", S.DIPROSES, p) for p in ["warga", "manajer", "tamu", "sistem"]],
    *[("selesaikan", S.DIPROSES, p) for p in ["petugas_kedua", "supervisor", "petugas_unit_lain"]],
    *[("selesaikan", S.DIPROSES, p) for p in ["warga", "manajer", "tamu", "sistem"]],
    # citizen actions are for the citizen who filed it (or the guest holding its token)
    *[("lengkapi", S.MENUNGGU_WARGA, p) for p in ["warga_lain", "tamu_lain", "petugas", "supervisor"]],
    *[("lengkapi", S.MENUNGGU_WARGA, p) for p in ["manajer", "sistem"]],
    *[("buka_kembali", S.SELESAI, p) for p in ["warga_lain", "tamu_lain", "petugas", "supervisor"]],
    *[("buka_kembali", S.SELESAI, p) for p in ["manajer", "sistem"]],
    *[("tutup", S.SELESAI, p) for p in ["warga_lain", "tamu_lain", "petugas", "supervisor", "manajer"]],
    *[("batalkan", S.DIAJUKAN, p) for p in ["warga_lain", "tamu_lain", "petugas", "supervisor"]],
    *[("batalkan", S.DIAJUKAN, p) for p in ["manajer", "sistem"]],
    *[("batalkan", S.DITUGASKAN, p) for p in ["warga_lain", "tamu_lain", "petugas"]],
    # rejecting: officers of the unit; once assigned, only the assigned officer or the supervisor
    *[("tolak", S.DIAJUKAN, p) for p in ["petugas_unit_lain", "supervisor_unit_lain", "warga", "manajer"]],
    *[("tolak", S.DIAJUKAN, p) for p in ["tamu", "sistem"]],
    ("tolak", S.DITUGASKAN, "petugas_kedua"),
    ("tolak", S.DIPROSES, "petugas_kedua"),
    ("tolak", S.DIPROSES, "petugas_unit_lain"),
    # transfer (disposisi) is the supervisor's
    *[("alihkan", S.DIAJUKAN, p) for p in ["petugas", "petugas_kedua", "supervisor_unit_lain", "warga"]],
    *[("alihkan", S.DIAJUKAN, p) for p in ["manajer", "tamu", "sistem"]],
    ("alihkan", S.DIPROSES, "petugas"),
]


@pytest.mark.parametrize(
    ("aksi", "status", "peran"), DILARANG, ids=[f"{a}-{s}-oleh-{p}" for a, s, p in DILARANG]
)
def test_pelaku_yang_tidak_berwenang_ditolak_tanpa_perubahan(request, ktx, aksi, status, peran):
    tiket = bawa_ke(status, ktx, pemohon=pemohon_untuk(request, peran))
    oleh = pelaku(request, peran, tiket)
    awal = jejak(tiket)

    with pytest.raises(TidakDiizinkan) as info:
        jalankan(ktx, aksi, tiket, oleh)

    assert info.value.status_http == 403
    assert jejak(tiket) == awal


def test_manajer_hanya_membaca_tidak_ada_transisi_yang_terbuka_baginya(request, ktx, warga, manajer):
    # Whatever the state, every action the state allows is refused to the read-only manager.
    for status, langkah in JALAN.items():
        tiket = bawa_ke(status, ktx, pemohon=warga)
        for aksi, sumber in SUMBER.items():
            if status not in sumber:
                continue
            with pytest.raises(TidakDiizinkan):
                jalankan(ktx, aksi, tiket, aktor(manajer))
        assert segarkan(tiket).status == status, langkah
