"""The admin chooses a unit's assignment strategy; switching to automatic, or giving an officer room,
hands out what already waits."""

from __future__ import annotations

from typing import cast

import pytest
from django.urls import reverse

from antrian.models import Peran, Petugas, Status, StrategiPenugasan, Unit
from portal.models import Pengguna
from tests.antrian.factories import PenggunaFactory, UnitFactory, buat_petugas, buat_tiket, segarkan

pytestmark = pytest.mark.django_db


def _data_unit(unit: Unit, **ubah: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kode": unit.kode,
        "nama": unit.nama,
        "email": "",
        "telepon": "",
        "aktif": "on",
        "strategi_penugasan": unit.strategi_penugasan,
        "zona_waktu": "",
        "jadwal_kerja-TOTAL_FORMS": "0",
        "jadwal_kerja-INITIAL_FORMS": "0",
        "_save": "Simpan",
    }
    data.update(ubah)
    return data


def test_daftar_unit_menampilkan_dan_menyaring_strategi(admin_client):
    UnitFactory(kode="otomatis-a", nama="Unit Otomatis A", strategi_penugasan=StrategiPenugasan.OTOMATIS)
    UnitFactory(kode="manual-b", nama="Unit Manual B", strategi_penugasan=StrategiPenugasan.MANUAL)
    url = reverse("admin:antrian_unit_changelist")

    isi = admin_client.get(url).content.decode()
    assert "Otomatis" in isi and "Manual" in isi

    tersaring = admin_client.get(url, {"strategi_penugasan__exact": "otomatis"}).content.decode()
    assert "Unit Otomatis A" in tersaring
    assert "Unit Manual B" not in tersaring


def test_admin_mengubah_strategi_unit_ke_otomatis_membagikan_tiket_yang_menunggu(admin_client, unit, warga):
    a, b = buat_petugas(unit), buat_petugas(unit)
    menunggu = [buat_tiket(unit, pemohon=warga).tiket for _ in range(3)]
    assert all(segarkan(t).status == Status.DIAJUKAN for t in menunggu)

    jawaban = admin_client.post(
        reverse("admin:antrian_unit_change", args=[unit.pk]),
        _data_unit(unit, strategi_penugasan=StrategiPenugasan.OTOMATIS),
    )

    assert jawaban.status_code == 302, jawaban.content.decode()[:3000]
    unit.refresh_from_db()
    assert unit.strategi_penugasan == StrategiPenugasan.OTOMATIS
    assert [segarkan(t).petugas for t in menunggu] == [a, b, a]


def test_admin_menyimpan_unit_tanpa_mengubah_strategi_tidak_membagikan(admin_client, unit, warga):
    buat_petugas(unit)
    tiket = buat_tiket(unit, pemohon=warga).tiket

    jawaban = admin_client.post(reverse("admin:antrian_unit_change", args=[unit.pk]), _data_unit(unit))

    assert jawaban.status_code == 302, jawaban.content.decode()[:3000]
    assert segarkan(tiket).status == Status.DIAJUKAN


def test_petugas_baru_di_unit_otomatis_langsung_menarik_tiket_yang_menunggu(admin_client, unit, warga):
    unit.strategi_penugasan = StrategiPenugasan.OTOMATIS
    unit.save()
    tiket = buat_tiket(unit, pemohon=warga).tiket
    assert segarkan(tiket).status == Status.DIAJUKAN
    pengguna = cast(Pengguna, PenggunaFactory(username="rina"))

    jawaban = admin_client.post(
        reverse("admin:antrian_petugas_add"),
        {
            "pengguna": pengguna.pk,
            "nip": "199001012015032001",
            "kapasitas": 5,
            "aktif": "on",
            "keanggotaan-TOTAL_FORMS": "1",
            "keanggotaan-INITIAL_FORMS": "0",
            "keanggotaan-0-unit": unit.pk,
            "keanggotaan-0-peran": Peran.PETUGAS,
            "_save": "Simpan",
        },
    )

    assert jawaban.status_code == 302, jawaban.content.decode()[:3000]
    assert segarkan(tiket).petugas == Petugas.objects.get(pengguna=pengguna)
