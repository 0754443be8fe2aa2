"""Property: whatever happens to a few tikets, in any order and at any moments, the summary kept by the
events equals the independent recomputation from the event log, and an operation that is refused leaves
the summary untouched. Each example runs in its own savepoint, rolled back at its end."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from antrian import services
from antrian.exceptions import KesalahanDomain
from antrian.metrik import rujukan
from antrian.models import AlasanTolak, MetrikTiket, Peristiwa, Status, StrategiPenugasan, Tiket
from tests.antrian.test_metrik_skenario import Dunia, buat_dunia, cocok_dengan_rujukan, jam, wib
from tests.conftest import aktor

pytestmark = pytest.mark.django_db(transaction=False)

AKSI = [
    "ajukan",
    "ambil",
    "klaim",
    "lepaskan",
    "mulai",
    "minta",
    "lengkapi",
    "selesaikan",
    "buka_kembali",
    "tutup",
    "tolak",
    "batalkan",
    "alihkan",
    "tugaskan_ulang",
    "tanggapi",
    "catatan",
]
# What may happen in each state (the other actions are tried too, less often, and must be refused).
BERLAKU = {
    Status.DIAJUKAN: ["ambil", "klaim", "tolak", "batalkan", "alihkan", "tanggapi", "catatan"],
    Status.DITUGASKAN: ["mulai", "lepaskan", "tolak", "batalkan", "alihkan", "tugaskan_ulang", "tanggapi"],
    Status.DIPROSES: ["minta", "selesaikan", "selesaikan", "tolak", "alihkan", "tugaskan_ulang", "tanggapi"],
    Status.MENUNGGU_WARGA: ["lengkapi", "lengkapi", "tugaskan_ulang", "tanggapi", "catatan"],
    Status.SELESAI: ["buka_kembali", "tutup", "tanggapi"],
}
AWAL = wib(2026, 8, 12, 7)  # a Wednesday; Monday 17 August (Independence Day) lies ahead
MENIT = st.one_of(st.integers(0, 90), st.integers(0, 3000))


@pytest.fixture
def dunia(db: None) -> Dunia:
    d = buat_dunia()
    # B gives its work out automatically: submissions and freed capacity assign through `tugaskan`.
    d.unit_b.strategi_penugasan = StrategiPenugasan.OTOMATIS
    d.unit_b.save()
    return d


def _potret() -> tuple[list[dict[str, Any]], int]:
    return list(MetrikTiket.objects.order_by("pk").values()), Peristiwa.objects.count()


def _panggil(d: Dunia, aksi: str, tiket: Tiket, pelaku: Any, j: int) -> Callable[[], object]:
    """The service call for `aksi` on `tiket` by `pelaku` (a Petugas or a Pengguna)."""
    pk, a = tiket.pk, aktor(pelaku)
    di_a = tiket.unit_id == d.unit_a.pk
    tujuan = d.unit_b if di_a else d.unit_a
    calon = [p for p in ([d.p1, d.p2, d.sup_a] if di_a else [d.q1, d.sup_b]) if p.pk != tiket.petugas_id]
    tabel: dict[str, Callable[[], object]] = {
        "ambil": lambda: services.tiket_ambil(tiket=pk, aktor=a),
        "klaim": lambda: services.tiket_klaim_berikutnya(aktor=a),
        "lepaskan": lambda: services.tiket_lepaskan(tiket=pk, aktor=a),
        "mulai": lambda: services.tiket_mulai(tiket=pk, aktor=a),
        "minta": lambda: services.tiket_minta_kelengkapan(tiket=pk, aktor=a, pesan="Lengkapi."),
        "lengkapi": lambda: services.tiket_lengkapi(tiket=pk, aktor=a, pesan="Sudah."),
        "selesaikan": lambda: services.tiket_selesaikan(tiket=pk, aktor=a, catatan="Selesai."),
        "buka_kembali": lambda: services.tiket_buka_kembali(tiket=pk, aktor=a, alasan="Belum."),
        "tutup": lambda: services.tiket_tutup(tiket=pk, aktor=a),
        "tolak": lambda: services.tiket_tolak(
            tiket=pk, aktor=a, alasan=list(AlasanTolak.values)[j % 4], catatan="Ditolak."
        ),
        "batalkan": lambda: services.tiket_batalkan(tiket=pk, aktor=a),
        "alihkan": lambda: services.tiket_alihkan(tiket=pk, aktor=a, unit_tujuan=tujuan, alasan="Disposisi."),
        "tugaskan_ulang": lambda: services.tiket_tugaskan_ulang(
            tiket=pk, aktor=a, petugas=calon[j % len(calon)], alasan="Bagi beban."
        ),
        "tanggapi": lambda: services.tiket_tanggapi(tiket=pk, aktor=a, isi="Kabar."),
        "catatan": lambda: services.tiket_tanggapi(tiket=pk, aktor=a, isi="Intern.", internal=True),
    }
    return tabel[aksi]


def _pelaku_wajar(d: Dunia, aksi: str, tiket: Tiket, j: int) -> Any:
    """Someone who may do `aksi` on `tiket` now (the holder, a member, the supervisor, the citizen)."""
    di_a = tiket.unit_id == d.unit_a.pk
    anggota = [d.p1, d.p2] if di_a else [d.q1]
    sup = d.sup_a if di_a else d.sup_b
    pemegang = next((p for p in [d.p1, d.p2, d.sup_a, d.q1, d.sup_b] if p.pk == tiket.petugas_id), None)
    if aksi in ("lengkapi", "buka_kembali", "tutup", "batalkan"):
        return d.warga
    if aksi in ("ambil", "klaim"):
        return [*anggota, sup][j % (len(anggota) + 1)]
    if aksi in ("alihkan", "tugaskan_ulang"):
        return sup
    if aksi == "tanggapi":
        return [pemegang or anggota[0], d.warga][j % 2]
    if aksi == "catatan":
        return pemegang or anggota[0]
    if aksi == "tolak" and pemegang is None:
        return [*anggota, sup][j % (len(anggota) + 1)]
    return pemegang or sup


def _pelaku_acak(d: Dunia, j: int) -> Any:
    return [d.p1, d.p2, d.sup_a, d.q1, d.sup_b, d.warga, d.manajer][j % 7]


def _langkah(d: Dunia, tiket: list[Tiket], saat: dt.datetime, pilih: Callable[[Any], Any]) -> bool:
    """One step, chosen by `pilih` (a hypothesis draw): mostly an action the tiket's state allows by
    someone who may do it, sometimes anything by anyone. Returns whether it was refused; a refused step
    is checked to have changed nothing."""
    j = pilih(st.integers(0, 6))
    sasaran = Tiket.objects.get(pk=tiket[pilih(st.integers(0, len(tiket) - 1))].pk) if tiket else None
    wajar = pilih(st.integers(0, 9)) < 8
    berlaku = BERLAKU.get(sasaran.status, []) if sasaran is not None else []
    if sasaran is None or pilih(st.integers(0, 11)) == 0 or (wajar and not berlaku):
        unit = d.unit_a if j % 3 else d.unit_b
        tiket.append(d.ajukan(saat, unit=unit, tenggat_hari=1 + j % 5))
        return False
    if wajar:
        aksi = pilih(st.sampled_from(berlaku))
        operasi = _panggil(d, aksi, sasaran, _pelaku_wajar(d, aksi, sasaran, j), j)
    else:
        aksi = pilih(st.sampled_from(AKSI[1:]))
        operasi = _panggil(d, aksi, sasaran, _pelaku_acak(d, j), j)
    sebelum = _potret()
    with time_machine.travel(saat, tick=False):
        try:
            operasi()
        except KesalahanDomain:
            assert _potret() == sebelum, aksi
            return True
    return False


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), panjang=st.integers(1, 40))
def test_ringkasan_selalu_sama_dengan_hitung_ulang_dari_log(dunia: Dunia, data: Any, panjang: int) -> None:
    with transaction.atomic():
        tiket: list[Tiket] = []
        saat = AWAL
        for _ in range(panjang):
            saat += dt.timedelta(minutes=data.draw(MENIT))
            _langkah(dunia, tiket, saat, data.draw)
        for status in sorted(set(MetrikTiket.objects.values_list("status", flat=True))):
            event(f"status akhir: {status}")
        for nama, syarat in (("dibuka kembali", "dibuka_kembali__gt"), ("dialihkan", "dialihkan__gt")):
            if MetrikTiket.objects.filter(**{syarat: 0}).exists():
                event(f"ada tiket {nama}")
        if MetrikTiket.objects.filter(jeda_kerja__gt=dt.timedelta(0)).exists():
            event("ada jeda")
        cocok_dengan_rujukan()
        keluaran = io.StringIO()
        call_command("metrik_bangun_ulang", stdout=keluaran, stderr=io.StringIO())
        assert "sama dengan log peristiwa" in keluaran.getvalue()
        transaction.set_rollback(True)


def _jalankan(d: Dunia, urutan: list[tuple[str, Any]]) -> int:
    """Run fixed steps (action, who) on one tiket, ten minutes apart; returns how many were refused."""
    saat = wib(2026, 8, 3, 8)
    tiket = d.ajukan(saat)
    ditolak = 0
    for aksi, pelaku in urutan:
        saat += dt.timedelta(minutes=10)
        sebelum = _potret()
        with time_machine.travel(saat, tick=False):
            try:
                _panggil(d, aksi, Tiket.objects.get(pk=tiket.pk), pelaku, 0)()
            except KesalahanDomain:
                ditolak += 1
                assert _potret() == sebelum, aksi
    return ditolak


def test_urutan_yang_ditolak_tidak_mengubah_ringkasan(dunia: Dunia) -> None:
    """A fixed run through refusals: wrong state, wrong person, bad input (each checked in _jalankan)."""
    d = dunia
    urutan = [
        ("mulai", d.p1),  # not assigned yet: 409
        ("lengkapi", d.warga),  # not waiting: 409
        ("ambil", d.q1),  # q1 is not in A: 403
        ("ambil", d.p1),
        ("mulai", d.p2),  # p2 does not hold it: 403
        ("tutup", d.warga),  # not resolved: 409
        ("alihkan", d.q1),  # q1 is no supervisor of A: 403
        ("tugaskan_ulang", d.p2),  # only the supervisor: 403
        ("mulai", d.p1),
        ("minta", d.p1),
        ("catatan", d.warga),  # a citizen writes no internal note: 403
        ("lengkapi", d.warga),
        ("selesaikan", d.p1),
        ("buka_kembali", d.p1),  # an officer is not the citizen: 403
        ("tanggapi", d.manajer),  # neither owner nor member: 403
    ]
    with transaction.atomic():
        assert _jalankan(dunia, urutan) == 10
        cocok_dengan_rujukan()


def test_baris_yang_dirusak_dilaporkan_perintah_dan_diperbaiki_dengan_perbaiki(dunia: Dunia) -> None:
    t = dunia.ajukan(wib(2026, 8, 3, 8))
    dunia.tuntas(t, dunia.p1, wib(2026, 8, 3, 9), wib(2026, 8, 3, 11))
    benar = MetrikTiket.objects.get(pk=t.pk)
    assert benar.selesai_kerja == jam(3)
    MetrikTiket.objects.filter(pk=t.pk).update(selesai_kerja=jam(30), dibuka_kembali=2)

    keluaran = io.StringIO()
    with pytest.raises(CommandError, match="1 dari 1"):
        call_command("metrik_bangun_ulang", stdout=keluaran, stderr=io.StringIO())
    assert f"tiket {t.pk}: berbeda pada selesai_kerja, dibuka_kembali" in keluaran.getvalue()

    call_command("metrik_bangun_ulang", "--perbaiki", stdout=io.StringIO(), stderr=io.StringIO())
    diperbaiki = MetrikTiket.objects.get(pk=t.pk)
    assert (diperbaiki.selesai_kerja, diperbaiki.dibuka_kembali) == (jam(3), 0)
    assert rujukan.beda(diperbaiki, rujukan.hitung_tiket(t.pk)) == []
    call_command("metrik_bangun_ulang", stdout=io.StringIO(), stderr=io.StringIO())
