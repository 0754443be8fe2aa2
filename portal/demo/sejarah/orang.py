"""The people of the demo history: extra officers per unit (valid, unique NIPs) and a pool of citizens.

Both are created once, by username prefix, and reused by a later `--tambah` run. Passwords are unusable
(no hashing cost): only the demo logins of `portal.demo.muat` log in. No NIK is generated at all — the
history does not need one.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from antrian.izin import GRUP_PETUGAS, GRUP_WARGA
from antrian.models import Keanggotaan, Peran, Petugas, Unit
from portal.demo.sejarah import data
from portal.models import Pengguna
from portal.validators import validasi_nip

AWALAN_PETUGAS = "sejarah."  # sejarah.<unit>.<n>
AWALAN_WARGA = "warga.sejarah."
# Officers per unit besides the demo ones: a regency's civil registry is the largest.
PETUGAS_PER_UNIT = {"disdukcapil": 14, "dpmptsp": 8, "dinsos": 6, "pupr": 6, "dinkes": 5, "inspektorat": 3}
JUMLAH_WARGA = 2000


@dataclass(frozen=True)
class Orang:
    pengguna_id: int
    petugas_id: int | None = None
    # Working-time multiplier (lognormal around 1): some officers are quick, some slow.
    laju: float = 1.0


@dataclass
class Staf:
    petugas: list[Orang]  # officers who work the queue
    supervisor: list[Orang]


def _nama(acak: random.Random) -> tuple[str, str]:
    """A full name and the sex code of a NIP (1 male, 2 female)."""
    perempuan = acak.random() < 0.5
    depan = acak.choice(data.NAMA_DEPAN_P if perempuan else data.NAMA_DEPAN_L)
    nama = f"{depan} {acak.choice(data.NAMA_BELAKANG)}"
    gelar = acak.choice(data.GELAR)
    return (f"{nama}, {gelar}" if gelar else nama), ("2" if perempuan else "1")


def buat_nip(acak: random.Random, kelamin: str, dipakai: set[str]) -> str:
    """An 18-digit NIP: birth date, appointment year/month (at 21-32), sex, sequence; valid and unused."""
    while True:
        lahir = dt.date(1966, 1, 1) + dt.timedelta(days=acak.randrange(0, 365 * 33))
        angkat = min(lahir.year + acak.randint(21, 32), 2025)
        nip = f"{lahir:%Y%m%d}{angkat}{acak.randint(1, 12):02d}{kelamin}{acak.randint(1, 999):03d}"
        if nip not in dipakai:
            validasi_nip(nip)
            dipakai.add(nip)
            return nip


def laju_petugas(petugas_id: int, benih: int) -> float:
    """The officer's speed, fixed by their id and the seed so a later `--tambah` run keeps it."""
    return math.exp(random.Random(petugas_id * 7919 + benih).gauss(0.0, 0.45))


@transaction.atomic
def siapkan_petugas(unit: dict[str, Unit], acak: random.Random) -> None:
    """Create the missing extra officers of every unit (none if an earlier run made them)."""
    grup = Group.objects.get_or_create(name=GRUP_PETUGAS)[0]
    dipakai = set(Petugas.objects.values_list("nip", flat=True))
    ada = set(Pengguna.objects.filter(username__startswith=AWALAN_PETUGAS).values_list("username", flat=True))
    sandi = make_password(None)
    for kode, u in unit.items():
        for i in range(1, PETUGAS_PER_UNIT.get(kode, 3) + 1):
            username = f"{AWALAN_PETUGAS}{kode}.{i}"
            if username in ada:
                continue
            nama, kelamin = _nama(acak)
            p = Pengguna.objects.create(
                username=username, nama_lengkap=nama, email=f"{username}@tubei.go.id", password=sandi
            )
            p.groups.add(grup)
            petugas = Petugas.objects.create(
                pengguna=p,
                nip=buat_nip(acak, kelamin, dipakai),
                jabatan=acak.choice(data.JABATAN),
                kapasitas=25,
            )
            Keanggotaan.objects.create(petugas=petugas, unit=u, peran=Peran.PETUGAS)


def staf_unit(benih: int) -> dict[int, Staf]:
    """Every unit's officers and supervisors (the demo's and the extra ones), each with their speed."""
    staf: dict[int, Staf] = {}
    for k in Keanggotaan.objects.select_related("petugas").order_by("unit_id", "petugas_id"):
        s = staf.setdefault(k.unit_id, Staf(petugas=[], supervisor=[]))
        orang = Orang(k.petugas.pengguna_id, k.petugas_id, laju_petugas(k.petugas_id, benih))
        (s.supervisor if k.peran == Peran.SUPERVISOR else s.petugas).append(orang)
    return staf


@transaction.atomic
def siapkan_warga(acak: random.Random) -> list[Orang]:
    """The pool of citizens with an account who file part of the history (created once)."""
    ada = Pengguna.objects.filter(username__startswith=AWALAN_WARGA)
    if not ada.exists():
        sandi = make_password(None)
        baru = []
        for i in range(1, JUMLAH_WARGA + 1):
            nama, _kelamin = _nama(acak)
            username = f"{AWALAN_WARGA}{i}"
            baru.append(
                Pengguna(
                    username=username,
                    nama_lengkap=nama.split(",")[0],
                    email=f"{username}@contoh.id",
                    password=sandi,
                )
            )
        Pengguna.objects.bulk_create(baru, batch_size=1000)
        grup = Group.objects.get_or_create(name=GRUP_WARGA)[0]
        anggota = Pengguna.groups.through
        anggota.objects.bulk_create(
            [anggota(pengguna_id=pk, group_id=grup.pk) for pk in ada.values_list("pk", flat=True)],
            batch_size=1000,
        )
    return [Orang(pk) for pk in ada.order_by("pk").values_list("pk", flat=True)]
