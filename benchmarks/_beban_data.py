"""Data of the load run (benchmarks/load.py): units with one service and one complaint category each, the
working officers and the listening ones, citizens with accounts, managers, and the tikets the citizens'
tracking listeners watch. Everything is written in bulk or through the real services, before any server
starts; what the client processes need is returned as plain data (they must not touch the database)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks import _umum as u

SANDI_ISI = (
    "Sudah dua minggu jalan di depan rumah kami berlubang dan tergenang air saat hujan. Mohon segera "
    "diperbaiki karena membahayakan pengendara motor dan anak sekolah."
)


@dataclass
class Rencana:
    """Who acts and who listens. Plain data, handed to the client processes."""

    unit: list[dict[str, Any]] = field(default_factory=list)  # {id, kode, layanan, kategori}
    petugas: list[dict[str, Any]] = field(default_factory=list)  # working officers
    warga: list[dict[str, Any]] = field(default_factory=list)  # {i, pk|None, token|None, kuki|None}
    dengar_petugas: list[dict[str, Any]] = field(default_factory=list)  # {petugas_id, unit_id, kuki}
    dengar_tiket: list[dict[str, Any]] = field(default_factory=list)  # {nomor, kuki|None, token|None}
    dengar_dasbor: list[dict[str, Any]] = field(default_factory=list)  # {pengguna_id, kuki}
    sejak: int = 0  # the stream position before the run: listeners start from it
    tiket_id_awal: int = 0  # tikets with a larger id were filed during the run


def _token_massal(pengguna: list[Any]) -> dict[int, str]:
    from rest_framework.authtoken.models import Token

    baris = [Token(user=p, key=Token.generate_key()) for p in pengguna]
    Token.objects.bulk_create(baris, batch_size=500)
    return {t.user_id: t.key for t in baris}


def _warga_massal(jumlah: int, awal: int) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from portal.models import Pengguna

    sandi = make_password(None)
    return list(
        Pengguna.objects.bulk_create(
            [
                Pengguna(
                    username=f"bebanwarga{awal + i}",
                    email=f"bebanwarga{awal + i}@contoh.id",
                    first_name="Warga",
                    password=sandi,
                )
                for i in range(jumlah)
            ]
        )
    )


def _manajer_massal(jumlah: int) -> list[Any]:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from antrian.izin import GRUP_MANAJER
    from portal.models import Pengguna

    grup, _dibuat = Group.objects.get_or_create(name=GRUP_MANAJER)
    sandi = make_password(None)
    manajer = list(
        Pengguna.objects.bulk_create(
            [
                Pengguna(username=f"bebanpimpinan{i}", email=f"pimpinan{i}@contoh.id", password=sandi)
                for i in range(jumlah)
            ]
        )
    )
    grup.user_set.add(*manajer)
    return manajer


def _unit_dan_katalog(jumlah: int) -> list[tuple[Any, Any, Any]]:
    from keluhan.models import KategoriKeluhan
    from layanan.models import IsianFormulir, JenisLayanan

    hasil = []
    for i in range(jumlah):
        unit = u.buat_unit(f"beban-{i}", "klaim")
        layanan = JenisLayanan.objects.create(
            kode=f"beban-layanan-{i}",
            nama=f"Surat keterangan {i}",
            ringkasan="Surat keterangan untuk warga",
            unit=unit,
            jangka_waktu_hari=5,
            produk="Surat keterangan",
        )
        # One optional text field: the form is checked, no document is required (no upload in the load).
        IsianFormulir.objects.create(layanan=layanan, kode="keperluan", label="Keperluan", wajib=False)
        kategori = KategoriKeluhan.objects.create(
            kode=f"beban-kategori-{i}", nama=f"Jalan dan drainase {i}", unit_default=unit
        )
        hasil.append((unit, layanan, kategori))
    return hasil


def _tiket_didengar(
    jumlah: int, katalog: list[tuple[Any, Any, Any]], warga: list[Any]
) -> list[dict[str, Any]]:
    """Complaints filed before the run, half by citizens with accounts (their session listens), half by
    guests (their token listens). They are the oldest in the queues, so the officers work them first."""
    from antrian.izin import Aktor
    from antrian.services import Kontak
    from keluhan.services import keluhan_ajukan

    acak = random.Random(7)
    hasil: list[dict[str, Any]] = []
    for i in range(jumlah):
        _unit, _layanan, kategori = katalog[i % len(katalog)]
        pemilik = warga[i % len(warga)] if warga and i % 2 == 0 else None
        baru = keluhan_ajukan(
            kategori=kategori,
            aktor=Aktor(pengguna=pemilik) if pemilik is not None else Aktor(),
            judul=f"Jalan berlubang di RT {acak.randint(1, 20):02d}",
            isi=SANDI_ISI,
            kontak=None if pemilik is not None else Kontak(nama="Tamu Beban", email=f"tamu{i}@contoh.id"),
        )
        hasil.append(
            {
                "nomor": baru.tiket.nomor,
                "unit_id": baru.tiket.unit_id,
                "pemilik": pemilik.pk if pemilik is not None else None,
                "token": None if pemilik is not None else baru.token_lacak,
            }
        )
    return hasil


def siapkan(
    *, unit: int, petugas: int, warga: int, porsi_akun: float, dengar: tuple[int, int, int]
) -> Rencana:
    """Write the data; return the plan. `dengar` = (officer, tiket, dashboard) listeners."""
    from antrian import realtime, selectors
    from antrian.models import Tiket

    dengar_petugas, dengar_tiket, dengar_dasbor = dengar
    mulai = time.monotonic()
    katalog = _unit_dan_katalog(unit)
    rencana = Rencana(
        unit=[{"id": x.pk, "kode": x.kode, "layanan": y.kode, "kategori": z.kode} for x, y, z in katalog]
    )
    # Officers: the working ones first, then listen-only colleagues, round robin over the units.
    jumlah_petugas = max(petugas, dengar_petugas)
    semua_petugas: list[Any] = []
    for i, (x, _y, _z) in enumerate(katalog):
        n = len(range(i, jumlah_petugas, unit))
        if n:
            semua_petugas += [(p, x.pk) for p in u.buat_petugas_massal(x, n, awal=i * 2000, kapasitas=30000)]
    # Interleave so that the first `petugas` are spread over every unit.
    per_unit: dict[int, list[Any]] = {}
    for p, unit_id in semua_petugas:
        per_unit.setdefault(unit_id, []).append((p, unit_id))
    urut = []
    for k in range(max(len(v) for v in per_unit.values())):
        urut += [v[k] for v in per_unit.values() if k < len(v)]
    kuki = u.kuki_sesi_massal([p.pengguna for p, _ in urut])
    token = _token_massal([p.pengguna for p, _ in urut[:petugas]])
    rencana.petugas = [
        {"petugas_id": p.pk, "unit_id": uid, "token": token[p.pengguna.pk], "kuki": kuki[p.pengguna.pk]}
        for p, uid in urut[:petugas]
    ]
    rencana.dengar_petugas = [
        {"petugas_id": p.pk, "unit_id": uid, "kuki": kuki[p.pengguna.pk]} for p, uid in urut[:dengar_petugas]
    ]
    # Citizens: a share with accounts (API token, session for pages and the websocket), the rest guests.
    n_akun = round(warga * porsi_akun)
    akun = _warga_massal(max(n_akun, 1 if dengar_tiket else 0), 0)
    token_warga = _token_massal(akun)
    kuki_warga = u.kuki_sesi_massal(akun)
    rencana.warga = [
        {"i": i, "pk": akun[i].pk, "token": token_warga[akun[i].pk], "kuki": kuki_warga[akun[i].pk]}
        if i < n_akun
        else {"i": i, "pk": None, "token": None, "kuki": None}
        for i in range(warga)
    ]
    manajer = _manajer_massal(dengar_dasbor)
    kuki_manajer = u.kuki_sesi_massal(manajer)
    rencana.dengar_dasbor = [{"pengguna_id": m.pk, "kuki": kuki_manajer[m.pk]} for m in manajer]
    rencana.dengar_tiket = [
        {
            "nomor": t["nomor"],
            "unit_id": t["unit_id"],
            "token": t["token"],
            "pemilik": t["pemilik"],
            "kuki": kuki_warga.get(t["pemilik"]) if t["pemilik"] else None,
        }
        for t in _tiket_didengar(dengar_tiket, katalog, akun)
    ]
    realtime.tunggu_siaran(30)
    rencana.sejak = selectors.urutan_terakhir()
    rencana.tiket_id_awal = Tiket.objects.order_by("-id").values_list("id", flat=True).first() or 0
    print(
        f"[setup] {unit} units, {jumlah_petugas} officers ({petugas} working), {warga} citizens "
        f"({n_akun} with accounts), {dengar_dasbor} managers, {dengar_tiket} watched tikets in "
        f"{time.monotonic() - mulai:.1f}s; stream position {rencana.sejak}",
        flush=True,
    )
    return rencana
