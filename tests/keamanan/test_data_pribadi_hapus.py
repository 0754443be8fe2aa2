"""A citizen's own data (UU 27/2022): deleting the account removes the identity from the whole database,
ends sessions and tokens, refuses while a tiket is open, and leaves tikets, audit and metrics working."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from antrian import services as antrian_services
from antrian.exceptions import Konflik
from antrian.models import (
    Lampiran,
    MetrikTiket,
    Notifikasi,
    Peristiwa,
    PesanKeluar,
    StatusPesan,
    SurveiKepuasan,
    Tanggapan,
    Tiket,
)
from antrian.pesan.kirim import Hasil, kirim_satu
from antrian.pesan.pemicu import alamat_warga
from keluhan.services import keluhan_ajukan
from portal import data_pribadi
from portal.models import Pengguna
from tests.conftest import aktor
from tests.keamanan._data_pribadi_umum import (
    EMAIL_A,
    EMAIL_B,
    NAMA_A,
    NAMA_B,
    NIK_A,
    NIK_B,
    SANDI,
    TELEPON_A,
    TELEPON_B,
    _permohonan,
)

pytestmark = pytest.mark.django_db


# --- deletion ---------------------------------------------------------------------------------------------


def _semua_teks() -> list[tuple[str, str, str]]:
    """Every char, text and JSON value in every table: (model, field, value)."""
    hasil = []
    for model in apps.get_models():
        medan = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField | models.FileField)
        ]
        if not medan:
            continue
        for baris in model._base_manager.values_list(*medan):
            for nama, nilai in zip(medan, baris, strict=True):
                if nilai:
                    hasil.append(
                        (model._meta.label, nama, json.dumps(nilai) if not isinstance(nilai, str) else nilai)
                    )
    return hasil


def _temuan(nilai: str) -> list[tuple[str, str]]:
    return [(m, f) for m, f, isi in _semua_teks() if nilai.lower() in isi.lower()]


def test_hapus_akun_menghilangkan_identitas_dari_seluruh_basis_data(
    riwayat, warga_a, warga_b, django_capture_on_commit_callbacks
):
    dokumen = list(Lampiran.objects.filter(tiket__pemohon=warga_a).values_list("berkas", flat=True))
    assert dokumen and all(default_storage.exists(d) for d in dokumen)
    for nilai in [NIK_A, TELEPON_A, "081234567890", EMAIL_A, NAMA_A]:
        assert _temuan(nilai), f"{nilai} should be in the database before the deletion"
    jumlah_peristiwa = Peristiwa.objects.count()

    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        hasil = data_pribadi.akun_hapus(pengguna=warga_a, password=SANDI)

    for nilai in [NIK_A, TELEPON_A, "081234567890", "6281234567890", EMAIL_A, NAMA_A, "siti.aminah"]:
        assert _temuan(nilai) == [], f"{nilai} masih ada"
    assert hasil.tiket == 2 and hasil.berkas == 2
    assert not any(default_storage.exists(d) for d in dokumen)
    # Tickets, events, metrics and the survey stay.
    assert Tiket.objects.filter(pemohon=warga_a).count() == 2
    assert Peristiwa.objects.count() == jumlah_peristiwa
    assert MetrikTiket.objects.filter(tiket__pemohon=warga_a).count() == 2
    assert SurveiKepuasan.objects.filter(tiket__pemohon=warga_a).count() == 1
    # Citizen B untouched.
    for nilai in [NIK_B, TELEPON_B, EMAIL_B, NAMA_B]:
        assert _temuan(nilai), f"{nilai} of the other citizen was removed"
    assert Lampiran.objects.filter(tiket__pemohon=warga_b).count() == 2
    assert Tanggapan.objects.filter(tiket__pemohon=warga_b, isi__contains=NAMA_B).exists()


def test_akun_terhapus_tidak_bisa_masuk_dan_tokennya_mati(client, riwayat, warga_a):
    token = Token.objects.create(user=warga_a).key
    lain = APIClient()
    lain.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert lain.get("/api/v1/akun/saya/").status_code == 200
    client.force_login(warga_a)
    assert Session.objects.count() == 1

    r = client.post("/akun/hapus/", {"password": SANDI, "konfirmasi": "on"})
    assert r.status_code == 302 and r["Location"] == "/akun/hapus/selesai/"

    assert lain.get("/api/v1/akun/saya/").status_code == 401
    assert not Token.objects.filter(key=token).exists()
    assert Session.objects.count() == 0
    assert client.get("/tiket-saya/").status_code == 302  # logged out
    assert client.get("/akun/hapus/selesai/").status_code == 200
    for identitas in [EMAIL_A, TELEPON_A, "081234567890", "siti"]:
        r = client.post("/masuk/", {"username": identitas, "password": SANDI})
        assert r.status_code == 400
        r = APIClient().post("/api/v1/akun/token/", {"email": identitas, "password": SANDI})
        assert r.status_code in (400, 429)
    pengguna = Pengguna.objects.get(pk=warga_a.pk)
    assert pengguna.nama_lengkap == data_pribadi.NAMA_TERHAPUS
    assert not pengguna.has_usable_password() and not pengguna.is_active
    assert (pengguna.email, pengguna.telepon, pengguna.nik) == (None, None, None)


def test_sesi_lain_pengguna_terhapus_ikut_berakhir(client, riwayat, warga_a):
    from django.test import Client

    kedua = Client()
    kedua.force_login(warga_a)
    client.force_login(warga_a)
    assert client.post("/akun/hapus/", {"password": SANDI, "konfirmasi": "on"}).status_code == 302
    assert kedua.get("/tiket-saya/").status_code == 302


def test_sandi_salah_400_dan_tidak_ada_yang_dihapus(client, api_client, riwayat, warga_a):
    client.force_login(warga_a)
    r = client.post("/akun/hapus/", {"password": "salah", "konfirmasi": "on"})
    assert r.status_code == 400 and _("The password is wrong.") in r.content.decode()
    api_client.force_authenticate(warga_a)
    r = api_client.delete("/api/v1/akun/saya/", {"password": "salah"}, format="json")
    assert r.status_code == 400 and r.json()["galat"]["rincian"]["password"]
    assert Pengguna.objects.get(pk=warga_a.pk).nik == NIK_A


def test_tanpa_centang_konfirmasi_400(client, riwayat, warga_a):
    client.force_login(warga_a)
    r = client.post("/akun/hapus/", {"password": SANDI})
    assert r.status_code == 400
    assert Pengguna.objects.get(pk=warga_a.pk).is_active


def test_tiket_terbuka_menolak_penghapusan_dengan_409_dan_daftarnya(client, api_client, layanan, warga_a):
    tiket = _permohonan(layanan, warga_a, NIK_A)
    client.force_login(warga_a)
    halaman = client.get("/akun/hapus/").content.decode()
    assert tiket.nomor in halaman and 'name="password"' not in halaman
    r = client.post("/akun/hapus/", {"password": SANDI, "konfirmasi": "on"})
    assert r.status_code == 409
    api_client.force_authenticate(warga_a)
    r = api_client.delete("/api/v1/akun/saya/", {"password": SANDI}, format="json")
    assert r.status_code == 409
    assert r.json()["galat"]["rincian"]["tiket_terbuka"] == [tiket.nomor]
    assert Pengguna.objects.get(pk=warga_a.pk).nik == NIK_A
    # Cancelling the waiting tiket opens the way.
    antrian_services.tiket_batalkan(tiket=tiket, aktor=aktor(warga_a))
    r = api_client.delete("/api/v1/akun/saya/", {"password": SANDI}, format="json")
    assert r.status_code == 200 and r.json() == {"tiket": 1, "berkas": 2, "pesan_dibatalkan": 1}


def test_hapus_dua_kali_409(riwayat, warga_a, api_client):
    data_pribadi.akun_hapus(pengguna=warga_a, password=SANDI)
    with pytest.raises(Konflik):
        data_pribadi.akun_hapus(pengguna=Pengguna.objects.get(pk=warga_a.pk), password=None)
    # Through the API the second call no longer even authenticates.
    api_client.force_authenticate(Pengguna.objects.get(pk=warga_a.pk))
    r = api_client.delete("/api/v1/akun/saya/", {"password": SANDI}, format="json")
    assert r.status_code in (401, 403, 409)


def test_akun_petugas_tidak_dapat_menghapus_dirinya_sendiri(client, api_client, petugas):
    api_client.force_authenticate(petugas.pengguna)
    r = api_client.delete("/api/v1/akun/saya/", {"password": SANDI}, format="json")
    assert r.status_code == 403
    client.force_login(petugas.pengguna)
    assert 'name="password"' not in client.get("/akun/hapus/").content.decode()
    assert client.post("/akun/hapus/", {"password": SANDI, "konfirmasi": "on"}).status_code == 403


def test_api_hapus_tanpa_masuk_401(api_client):
    r = api_client.delete("/api/v1/akun/saya/", {"password": SANDI}, format="json")
    assert r.status_code == 401


def test_pesan_tertunda_dibatalkan_dan_penerimanya_disamarkan(riwayat, warga_a):
    tiket = riwayat["siti"][0]
    antre = PesanKeluar.objects.filter(tiket__pemohon=warga_a)
    assert antre.filter(status=StatusPesan.ANTRI).exists()  # their jobs never ran in this test
    data_pribadi.akun_hapus(pengguna=warga_a, password=SANDI)
    for pesan in PesanKeluar.objects.filter(tiket__pemohon=warga_a):
        assert pesan.status == StatusPesan.GAGAL and "*" in pesan.penerima
        # A job still queued for it does nothing.
        assert kirim_satu(pesan.pk) == Hasil.DILEWATI
    assert alamat_warga(Tiket.objects.get(pk=tiket.pk)) == {}


def test_jejak_audit_mencatat_penghapusan_tanpa_datanya(riwayat, warga_a):
    data_pribadi.akun_hapus(pengguna=warga_a, password=SANDI)
    entri = LogEntry.objects.get(object_id=str(warga_a.pk))
    assert entri.object_repr == data_pribadi.NAMA_TERHAPUS
    assert "UU 27/2022" in entri.change_message
    assert NIK_A not in entri.change_message and NAMA_A not in entri.change_message


def test_token_lacak_tidak_lagi_membuka_identitas(client, kategori, warga_a):
    baru = keluhan_ajukan(
        kategori=kategori,
        aktor=aktor(warga_a),
        judul=f"Lampu mati depan rumah {NAMA_A}",
        isi=f"NIK {NIK_A}, telepon 081234567890, surel {EMAIL_A}",
    )
    antrian_services.tiket_batalkan(tiket=baru.tiket, aktor=aktor(warga_a))
    url = f"/lacak/{baru.tiket.nomor}/?token={baru.token_lacak}"
    sebelum = client.get(url)
    assert sebelum.status_code == 200 and NAMA_A in sebelum.content.decode()

    data_pribadi.akun_hapus(pengguna=warga_a, password=SANDI)

    sesudah = client.get(url)
    assert sesudah.status_code == 200 and baru.tiket.nomor in sesudah.content.decode()
    for nilai in [NIK_A, NAMA_A, EMAIL_A, "081234567890", TELEPON_A]:
        assert nilai not in sesudah.content.decode()


def test_open311_dan_pemberitahuan_tetap_berjalan_setelah_penghapusan(client, riwayat, warga_a, petugas):
    permohonan, keluhan = riwayat["siti"]
    data_pribadi.akun_hapus(pengguna=warga_a, password=SANDI)
    r = client.get(f"/open311/v2/requests/{permohonan.nomor}.json")
    assert r.status_code == 200
    r = client.get(f"/open311/v2/requests/{keluhan.nomor}.xml")
    assert r.status_code == 200
    # An officer still reads the tiket; the system still acts on it.
    client.force_login(petugas.pengguna)
    r = client.get(f"/petugas/tiket/{permohonan.nomor}/")
    assert r.status_code == 200 and data_pribadi.NAMA_TERHAPUS in r.content.decode()
    Notifikasi.objects.create(
        penerima=petugas.pengguna, tiket=permohonan, jenis="terlambat", kunci="uji-hapus", pesan="x"
    )
    assert APIClient().get("/api/v1/notifikasi/").status_code == 401
    klien = APIClient()
    klien.force_authenticate(petugas.pengguna)
    assert klien.get("/api/v1/notifikasi/").status_code == 200
    assert klien.get(f"/api/v1/tiket/{permohonan.nomor}/").status_code == 200


def test_perintah_admin_menghapus_data_warga(riwayat, warga_a, warga_b):
    call_command("hapus_data_warga", EMAIL_A)
    assert Pengguna.objects.get(pk=warga_a.pk).nik is None
    with pytest.raises(CommandError):
        call_command("hapus_data_warga", EMAIL_A)  # gone: the e-mail no longer finds anyone
    with pytest.raises(CommandError):
        call_command("hapus_data_warga", "tidak-ada@contoh.id")
    assert Pengguna.objects.get(pk=warga_b.pk).nik == NIK_B


def test_perintah_admin_menolak_bila_tiket_masih_terbuka(layanan, warga_a):
    tiket = _permohonan(layanan, warga_a, NIK_A)
    with pytest.raises(CommandError, match=tiket.nomor):
        call_command("hapus_data_warga", "siti")


def test_halaman_hapus_menjelaskan_akibatnya(client, warga_a):
    client.force_login(warga_a)
    r = client.get("/akun/hapus/")
    assert r.status_code == 200
    isi = r.content.decode()
    assert 'name="password"' in isi and 'name="konfirmasi"' in isi
    assert client.get("/akun/hapus/selesai/").status_code == 302  # still logged in


def test_tamu_tidak_dapat_membuka_halaman_hapus(client, api_client, db):
    assert client.get("/akun/hapus/").status_code == 302
    assert client.post("/akun/hapus/", {"password": SANDI, "konfirmasi": "on"}).status_code == 302


def test_metrik_tetap_menghitung_tiket_warga_terhapus(riwayat, warga_a, manajer):
    from tests.antrian.test_api_kinerja import _q

    klien = APIClient()
    klien.force_authenticate(manajer)
    sebelum = klien.get("/api/v1/kinerja/unit/", _q()).json()
    data_pribadi.akun_hapus(pengguna=warga_a, password=SANDI)
    sesudah = klien.get("/api/v1/kinerja/unit/", _q()).json()
    assert sesudah == sebelum
    assert MetrikTiket.objects.filter(tiket__pemohon=warga_a).count() == 2
