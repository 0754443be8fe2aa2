"""Factories for users, units, officers and tikets. Tikets reach a state only through the services."""

from __future__ import annotations

import factory
from django.db import transaction

from antrian import services
from antrian.izin import GRUP_MANAJER, Aktor
from antrian.models import JenisTiket, Keanggotaan, Peran, Petugas, Tiket, Unit
from portal.models import Pengguna


class PenggunaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pengguna
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    nama_lengkap = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-123")

    @factory.post_generation
    def simpan(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"unit-{n}")
    nama = factory.Sequence(lambda n: f"Unit {n}")


def _nip(n: int) -> str:
    """A structurally valid NIP: born 1985-01-DD, appointed 2010-01, sex 1/2, sequence 001-999."""
    hari = 1 + (n // 1998) % 28
    return f"198501{hari:02d}201001{1 + (n // 999) % 2}{n % 999 + 1:03d}"


class PetugasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petugas

    pengguna = factory.SubFactory(PenggunaFactory)
    nip = factory.Sequence(_nip)
    kapasitas = 10


def buat_petugas(unit: Unit, *, peran: str = Peran.PETUGAS, **kwargs: object) -> Petugas:
    petugas = PetugasFactory(**kwargs)
    Keanggotaan.objects.create(petugas=petugas, unit=unit, peran=peran)
    return petugas


def buat_manajer() -> Pengguna:
    from django.contrib.auth.models import Group

    pengguna = PenggunaFactory()
    pengguna.groups.add(Group.objects.get_or_create(name=GRUP_MANAJER)[0])
    return pengguna


def buat_tiket(
    unit: Unit,
    *,
    pemohon: Pengguna | None = None,
    jenis: str = JenisTiket.KELUHAN,
    judul: str = "Jalan berlubang",
    tenggat_hari: int = 5,
) -> services.TiketBaru:
    """A bare tiket (no permohonan/keluhan row) in `diajukan`, for lifecycle tests."""
    with transaction.atomic():
        return services.tiket_buat(
            jenis=JenisTiket(jenis),
            unit=unit,
            judul=judul,
            aktor=Aktor.dari_pengguna(pemohon),
            tenggat_hari=tenggat_hari,
            kontak=services.Kontak(nama="Tamu", email="tamu@contoh.id") if pemohon is None else None,
        )


def segarkan(tiket: Tiket) -> Tiket:
    return Tiket.objects.get(pk=tiket.pk)
