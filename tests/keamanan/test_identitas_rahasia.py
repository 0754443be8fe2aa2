"""A confidential reporter's identity: the reporter and, on a logged request, a superuser — nobody else.

Officers, supervisors and managers never get the name, e-mail, phone or NIK of the reporter of a
confidential complaint: not in the API, the workspace, the citizen's page, the queue, exports, Open311,
websocket frames, notifications or the admin. A superuser sees it only by asking for it on the tiket's
"reveal" page, and every reveal writes one row of the identity access log, which nobody can change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.core import mail
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse

from antrian import services
from antrian.izin import Aktor
from antrian.models import AksesIdentitas, Notifikasi, Tiket
from antrian.models.catatan import LogTidakBolehDiubah
from antrian.services.eskalasi import eskalasi_jalankan
from config.asgi import application
from keluhan import services as keluhan_services
from keluhan.models import Keluhan
from tests.antrian.factories import PenggunaFactory, buat_petugas
from tests.keluhan.berkas_uji import png
from tests.portal.open311_bantu import buat_kategori

NIK = "3201014101900001"
NAMA = "Wulan Rahasiawati"
EMAIL = "wulan.rahasia@contoh.id"
TELEPON = "+6281234567890"
RAHASIA = [NIK, "3201**********01", NAMA, EMAIL, TELEPON[3:]]


def tidak_bocor(teks: str, siapa: str) -> None:
    for nilai in RAHASIA:
        assert nilai not in teks, f"{siapa} sees {nilai!r}"


def klien(pengguna: Any) -> Client:
    c = Client()
    c.force_login(getattr(pengguna, "pengguna", pengguna))
    return c


@pytest.fixture
def pelapor(db: Any) -> Any:
    return PenggunaFactory(username="pelapor", nama_lengkap=NAMA, email=EMAIL, telepon=TELEPON, nik=NIK)


@pytest.fixture
def rahasia(unit: Any, pelapor: Any, petugas: Any) -> Tiket:
    """A confidential complaint with an attachment and a reply from its reporter, claimed by `petugas`."""
    with transaction.atomic():
        baru = keluhan_services.keluhan_ajukan(
            kategori=buat_kategori(unit),
            aktor=Aktor.dari_pengguna(pelapor),
            judul="Pungli di loket",
            isi="Diminta uang tambahan.",
            rahasia=True,
            lampiran=[png("bukti.png")],
        )
    oleh = Aktor.dari_pengguna(petugas.pengguna)
    services.tiket_ambil(tiket=baru.tiket, aktor=oleh)
    services.tiket_tanggapi(
        tiket=Tiket.objects.get(pk=baru.tiket.pk), aktor=Aktor.dari_pengguna(pelapor), isi="Ada kabar?"
    )
    return Tiket.objects.get(pk=baru.tiket.pk)


@pytest.fixture
def staf(petugas: Any, supervisor: Any, manajer: Any) -> dict[str, Any]:
    return {"petugas": petugas.pengguna, "supervisor": supervisor.pengguna, "manajer": manajer}


@pytest.fixture
def superuser(db: Any) -> Any:
    return PenggunaFactory(username="akar", is_staff=True, is_superuser=True)


def _halaman_staf(tiket: Tiket) -> list[str]:
    n = tiket.nomor
    return [
        f"/api/v1/tiket/{n}/",
        "/api/v1/antrian/",
        f"/petugas/tiket/{n}/",
        f"/petugas/tiket/{n}/bagian/",
        "/petugas/",
        f"/lacak/{n}/",
        "/dasbor/kinerja/tiket/?ukuran=masuk",
        "/dasbor/kinerja/ekspor/?tabel=tiket&ukuran=masuk&format=csv",
        "/api/v1/kinerja/tiket/?ukuran=masuk",
        "/open311/v2/requests.json",
        f"/open311/v2/requests/{n}.xml",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("peran", ["petugas", "supervisor", "manajer"])
def test_staf_tidak_pernah_melihat_identitas_pelapor_rahasia(
    rahasia: Tiket, staf: dict[str, Any], peran: str
) -> None:
    c = klien(staf[peran])
    dilihat = 0
    for alamat in _halaman_staf(rahasia):
        respons = c.get(alamat)
        isi = b"".join(respons.streaming_content) if respons.streaming else respons.content
        teks = isi.decode()
        tidak_bocor(teks, f"{peran} on {alamat}")
        dilihat += respons.status_code == 200 and (rahasia.nomor or "") in teks
    assert dilihat >= 3, "the staff pages did not show the tiket at all: the check proved nothing"


@pytest.mark.django_db
def test_templat_jawaban_menyapa_tanpa_nama_pelapor_rahasia(rahasia: Tiket, petugas: Any) -> None:
    from antrian.models import TemplatJawaban

    templat = TemplatJawaban.objects.create(unit=rahasia.unit, judul="Salam", isi="Yth. {nama_warga}")
    respons = klien(petugas).get(f"/petugas/tiket/{rahasia.nomor}/templat/?templat={templat.pk}")
    assert respons.status_code == 200
    tidak_bocor(respons.content.decode(), "canned response")


@pytest.mark.django_db
def test_pemilik_tetap_melihat_identitasnya_sendiri(rahasia: Tiket, pelapor: Any) -> None:
    data = klien(pelapor).get(f"/api/v1/tiket/{rahasia.nomor}/").json()
    assert data["pemohon"]["nama"] == NAMA and data["pemohon"]["email"] == EMAIL


@pytest.mark.django_db
def test_superuser_lewat_api_pun_tidak_melihat_identitas_rahasia(rahasia: Tiket, superuser: Any) -> None:
    respons = klien(superuser).get(f"/api/v1/tiket/{rahasia.nomor}/")
    assert respons.status_code == 200
    assert respons.json()["pemohon"] is None
    tidak_bocor(respons.content.decode(), "superuser through the API")
    assert not AksesIdentitas.objects.exists()


@pytest.mark.django_db
def test_notifikasi_eskalasi_ke_staf_tanpa_identitas_pelapor(rahasia: Tiket, supervisor: Any) -> None:
    sekarang = dt.datetime(2026, 7, 6, 9, 0, tzinfo=dt.UTC)
    Tiket.objects.filter(pk=rahasia.pk).update(tenggat=sekarang - dt.timedelta(hours=1))
    mail.outbox.clear()
    eskalasi_jalankan(sekarang=sekarang)
    pesan = list(Notifikasi.objects.filter(tiket=rahasia).values_list("pesan", flat=True))
    assert pesan, "no escalation was written: the check proved nothing"
    for teks in pesan + [m.body + m.subject for m in mail.outbox]:
        tidak_bocor(teks, "an escalation to staff")


# --- the admin --------------------------------------------------------------------------------------


def _halaman_admin(tiket: Tiket) -> list[str]:
    keluhan = Keluhan.objects.get(tiket=tiket)
    return [
        reverse("admin:antrian_tiket_changelist"),
        reverse("admin:antrian_tiket_change", args=[tiket.pk]),
        reverse("admin:keluhan_keluhan_changelist"),
        reverse("admin:keluhan_keluhan_change", args=[keluhan.pk]),
        reverse("admin:antrian_peristiwa_changelist"),
        reverse("admin:antrian_tanggapan_changelist"),
        reverse("admin:antrian_lampiran_changelist"),
    ]


@pytest.mark.django_db
def test_admin_menyembunyikan_identitas_rahasia_secara_bawaan(rahasia: Tiket, superuser: Any) -> None:
    c = klien(superuser)
    for alamat in _halaman_admin(rahasia):
        respons = c.get(alamat)
        assert respons.status_code == 200, alamat
        tidak_bocor(respons.content.decode(), f"superuser on {alamat}")
    halaman = c.get(reverse("admin:antrian_tiket_change", args=[rahasia.pk])).content.decode()
    assert reverse("admin:antrian_tiket_identitas", args=[rahasia.pk]) in halaman
    assert not AksesIdentitas.objects.exists()


@pytest.mark.django_db
def test_staf_dengan_akses_admin_tidak_melihat_dan_tidak_dapat_mengungkap(
    rahasia: Tiket, supervisor: Any
) -> None:
    from django.contrib.auth.models import Group

    from antrian.peran import sinkron_grup

    sinkron_grup()
    pengguna = supervisor.pengguna
    pengguna.is_staff = True
    pengguna.save()
    pengguna.groups.add(Group.objects.get(name="supervisor"))
    c = klien(pengguna)
    for alamat in _halaman_admin(rahasia):
        tidak_bocor(c.get(alamat).content.decode(), f"staff supervisor on {alamat}")
    ungkap = reverse("admin:antrian_tiket_identitas", args=[rahasia.pk])
    assert c.get(ungkap).status_code == 403
    assert c.post(ungkap, {"alasan": "ingin tahu"}).status_code == 403
    assert not AksesIdentitas.objects.exists()


@pytest.mark.django_db
def test_ungkap_identitas_hanya_lewat_post_dan_setiap_ungkap_tercatat_sekali(
    rahasia: Tiket, superuser: Any
) -> None:
    c = klien(superuser)
    ungkap = reverse("admin:antrian_tiket_identitas", args=[rahasia.pk])

    konfirmasi = c.get(ungkap)
    assert konfirmasi.status_code == 200
    tidak_bocor(konfirmasi.content.decode(), "the confirmation page")
    assert AksesIdentitas.objects.count() == 0

    pertama = c.post(ungkap, {"alasan": "Permintaan Inspektorat no. 12"}, REMOTE_ADDR="10.1.2.3")
    teks = pertama.content.decode()
    assert pertama.status_code == 200
    assert NAMA in teks and EMAIL in teks and "3201**********01" in teks
    assert NIK not in teks
    assert "no-store" in pertama["Cache-Control"]
    catatan = AksesIdentitas.objects.get()
    assert (catatan.pengguna, catatan.tiket_id, catatan.alamat_ip) == (superuser, rahasia.pk, "10.1.2.3")
    assert catatan.tampilan == "admin:antrian_tiket_identitas"
    assert catatan.alasan == "Permintaan Inspektorat no. 12"

    c.post(ungkap, {"alasan": ""})
    assert AksesIdentitas.objects.count() == 2


@pytest.mark.django_db
def test_tiket_tidak_rahasia_tidak_perlu_diungkap(unit: Any, pelapor: Any, superuser: Any) -> None:
    from tests.antrian.factories import buat_tiket

    tiket = buat_tiket(unit, pemohon=pelapor).tiket
    respons = klien(superuser).post(reverse("admin:antrian_tiket_identitas", args=[tiket.pk]))
    assert respons.status_code == 302
    assert not AksesIdentitas.objects.exists()


@pytest.mark.django_db
def test_log_akses_identitas_hanya_dapat_dibaca(rahasia: Tiket, superuser: Any) -> None:
    c = klien(superuser)
    c.post(reverse("admin:antrian_tiket_identitas", args=[rahasia.pk]), {"alasan": "audit"})
    catatan = AksesIdentitas.objects.get()

    assert c.get(reverse("admin:antrian_aksesidentitas_changelist")).status_code == 200
    assert c.get(reverse("admin:antrian_aksesidentitas_change", args=[catatan.pk])).status_code == 200
    assert c.get(reverse("admin:antrian_aksesidentitas_add")).status_code == 403
    ubah = c.post(reverse("admin:antrian_aksesidentitas_change", args=[catatan.pk]), {"alasan": "dihapus"})
    assert ubah.status_code == 403
    hapus = c.post(reverse("admin:antrian_aksesidentitas_delete", args=[catatan.pk]), {"post": "yes"})
    assert hapus.status_code == 403
    with pytest.raises(LogTidakBolehDiubah):
        AksesIdentitas.objects.filter(pk=catatan.pk).update(alasan="diubah")
    with pytest.raises(LogTidakBolehDiubah):
        AksesIdentitas.objects.all().delete()
    catatan.alasan = "diubah"
    with pytest.raises(LogTidakBolehDiubah):
        catatan.save()
    assert AksesIdentitas.objects.get().alasan == "audit"


# --- websocket frames ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_bingkai_websocket_untuk_petugas_tanpa_identitas(unit: Any, pelapor: Any) -> None:
    from channels.testing import WebsocketCommunicator

    petugas = await database_sync_to_async(buat_petugas)(unit)
    tiket = await database_sync_to_async(
        lambda: (
            keluhan_services.keluhan_ajukan(
                kategori=buat_kategori(unit),
                aktor=Aktor.dari_pengguna(pelapor),
                judul="Pungli",
                isi="Uang.",
                rahasia=True,
            ).tiket
        )
    )()
    kuki = await sync_to_async(lambda: klien(petugas).cookies["sessionid"].value)()
    komunikator = WebsocketCommunicator(
        application,
        f"/ws/tiket/{tiket.nomor}/?sejak=0",
        headers=[(b"origin", b"http://testserver"), (b"cookie", f"sessionid={kuki}".encode())],
    )
    terhubung, _ = await komunikator.connect(timeout=5)
    assert terhubung
    bingkai = []
    while True:
        data = json.loads(await komunikator.receive_from(timeout=5))
        bingkai.append(data)
        if data["tipe"] == "siap":
            break
    await komunikator.disconnect()
    await database_sync_to_async(connections.close_all)()
    assert any(b["tipe"] == "peristiwa" for b in bingkai), bingkai
    tidak_bocor(json.dumps(bingkai), "the officer's websocket")


@pytest.mark.django_db
def test_alasan_terlalu_panjang_ditolak_tanpa_ungkap(rahasia: Tiket, superuser: Any) -> None:
    respons = klien(superuser).post(
        reverse("admin:antrian_tiket_identitas", args=[rahasia.pk]), {"alasan": "x" * 501}
    )
    assert respons.status_code == 400
    tidak_bocor(respons.content.decode(), "a refused reveal")
    assert not AksesIdentitas.objects.exists()
