from __future__ import annotations

import pytest
from django.core.management import call_command

from antrian.models import Peristiwa, Petugas, Status, Tiket, Unit
from keluhan.models import KategoriKeluhan
from layanan.models import JenisLayanan

pytestmark = pytest.mark.django_db


def test_data_demo_memuat_tubei_dengan_tiket_di_setiap_status_dan_idempoten(capsys):
    call_command("muat_demo")
    keluaran = capsys.readouterr().out
    assert "kadis.dukcapil" in keluaran and "sigap-demo-2026" in keluaran

    assert Unit.objects.count() == 6
    assert JenisLayanan.objects.filter(aktif=True).count() >= 15
    assert KategoriKeluhan.objects.count() >= 6
    assert set(Tiket.objects.values_list("status", flat=True)) == set(Status.values)
    # Every tiket has a real history: its first event is the submission.
    for tiket in Tiket.objects.all():
        assert tiket.peristiwa.order_by("id").first().aksi == "ajukan"

    jumlah = (Tiket.objects.count(), Peristiwa.objects.count(), Petugas.objects.count())
    call_command("muat_demo")
    assert (Tiket.objects.count(), Peristiwa.objects.count(), Petugas.objects.count()) == jumlah


def test_setiap_layanan_demo_memuat_standar_pelayanan_lengkap():
    call_command("muat_demo")
    for layanan in JenisLayanan.objects.all():
        assert layanan.prosedur and layanan.produk and layanan.dasar_hukum and layanan.penanganan_pengaduan
        assert layanan.jangka_waktu_hari > 0
        assert layanan.persyaratan.filter(wajib=True).exists()
        assert layanan.isian.exists()
