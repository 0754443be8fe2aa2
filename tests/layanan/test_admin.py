"""The admin edits the catalogue; permohonan are read-only there."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antrian.services import Kontak
from layanan.models import IsianFormulir
from layanan.services import permohonan_ajukan
from tests.antrian.factories import PenggunaFactory
from tests.conftest import aktor
from tests.layanan.factories import JAWABAN_AKTA, buat_layanan_akta, dokumen_akta


@pytest.fixture
def admin_client_sigap(client, db):
    admin = PenggunaFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_membuka_daftar_dan_formulir_layanan(admin_client_sigap, unit):
    layanan = buat_layanan_akta(unit)
    assert admin_client_sigap.get(reverse("admin:layanan_jenislayanan_changelist")).status_code == 200
    halaman = admin_client_sigap.get(reverse("admin:layanan_jenislayanan_change", args=[layanan.pk]))
    assert halaman.status_code == 200
    assert b"Kartu Keluarga" in halaman.content


def test_isian_pilihan_tanpa_pilihan_tidak_lolos_validasi_admin(unit):
    layanan = buat_layanan_akta(unit)
    isian = IsianFormulir(layanan=layanan, kode="jenis", label="Jenis", tipe="pilihan_tunggal", pilihan=[])
    with pytest.raises(ValidationError) as info:
        isian.full_clean()
    assert "pilihan" in info.value.message_dict


def test_permohonan_hanya_dapat_dilihat_di_admin(admin_client_sigap, unit, warga):
    layanan = buat_layanan_akta(unit)
    baru = permohonan_ajukan(
        layanan=layanan, aktor=aktor(warga), jawaban=JAWABAN_AKTA, dokumen=dokumen_akta(), kontak=Kontak()
    )
    permohonan = baru.tiket.permohonan
    assert admin_client_sigap.get(reverse("admin:layanan_permohonan_changelist")).status_code == 200
    lihat = admin_client_sigap.get(reverse("admin:layanan_permohonan_change", args=[permohonan.pk]))
    assert lihat.status_code == 200
    assert admin_client_sigap.get(reverse("admin:layanan_permohonan_add")).status_code == 403
    assert (
        admin_client_sigap.post(reverse("admin:layanan_permohonan_delete", args=[permohonan.pk])).status_code
        == 403
    )
    ubah = admin_client_sigap.post(
        reverse("admin:layanan_permohonan_change", args=[permohonan.pk]), {"jawaban": "{}"}
    )
    assert ubah.status_code == 403
    permohonan.refresh_from_db()
    assert permohonan.jawaban["nama-anak"] == "Budi"
