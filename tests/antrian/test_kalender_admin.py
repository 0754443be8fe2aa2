"""The admin edits a unit's working hours inline; the calendar follows at once, and nonsense is refused."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from antrian import kalender
from antrian.models import JadwalKerja

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def data_unit(unit, *baris: dict[str, str], awal: int = 0) -> dict[str, str]:
    data = {
        "kode": unit.kode,
        "nama": unit.nama,
        "email": "",
        "telepon": "",
        "aktif": "on",
        "strategi_penugasan": unit.strategi_penugasan,
        "zona_waktu": unit.zona_waktu,
        "jadwal_kerja-TOTAL_FORMS": str(len(baris)),
        "jadwal_kerja-INITIAL_FORMS": str(awal),
        "jadwal_kerja-MIN_NUM_FORMS": "0",
        "jadwal_kerja-MAX_NUM_FORMS": "1000",
        "_save": "Simpan",
    }
    for i, isian in enumerate(baris):
        data.update({f"jadwal_kerja-{i}-{k}": v for k, v in isian.items()})
        data[f"jadwal_kerja-{i}-unit"] = str(unit.pk)
    return data


SABTU = {"hari": "5", "jam_mulai": "08:00", "jam_selesai": "12:00"}


def test_admin_menambah_jam_kerja_sabtu_langsung_dipakai_kalender(admin_client, unit):
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit) == wib(2026, 7, 6, 16)  # cached

    jawaban = admin_client.post(reverse("admin:antrian_unit_change", args=[unit.pk]), data_unit(unit, SABTU))

    assert jawaban.status_code == 302
    assert JadwalKerja.objects.filter(unit=unit, hari=5).exists()
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit) == wib(2026, 7, 4, 12)


def test_admin_menghapus_jam_kerja_unit_kembali_ke_pekan_bawaan(admin_client, unit):
    jadwal = JadwalKerja.objects.create(unit=unit, hari=5, jam_mulai=dt.time(8), jam_selesai=dt.time(12))
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit) == wib(2026, 7, 4, 12)

    baris = {**SABTU, "id": str(jadwal.pk), "DELETE": "on"}
    jawaban = admin_client.post(
        reverse("admin:antrian_unit_change", args=[unit.pk]), data_unit(unit, baris, awal=1)
    )

    assert jawaban.status_code == 302
    assert not JadwalKerja.objects.exists()
    assert kalender.tambah_hari_kerja(wib(2026, 7, 3, 9), 1, unit=unit) == wib(2026, 7, 6, 16)


@pytest.mark.parametrize(
    ("baris", "medan"),
    [
        ({"hari": "0", "jam_mulai": "16:00", "jam_selesai": "08:00"}, "jam_selesai"),
        ({**SABTU, "istirahat_mulai": "10:00"}, "istirahat_selesai"),
        ({**SABTU, "istirahat_mulai": "11:00", "istirahat_selesai": "13:00"}, "istirahat_mulai"),
    ],
    ids=["selesai-sebelum-mulai", "istirahat-separuh", "istirahat-di-luar-jam-kerja"],
)
def test_admin_menolak_jam_kerja_yang_tidak_masuk_akal(admin_client, unit, baris, medan):
    jawaban = admin_client.post(reverse("admin:antrian_unit_change", args=[unit.pk]), data_unit(unit, baris))

    assert jawaban.status_code == 200
    formset = jawaban.context["inline_admin_formsets"][0].formset
    assert medan in formset.forms[0].errors
    assert not JadwalKerja.objects.exists()
