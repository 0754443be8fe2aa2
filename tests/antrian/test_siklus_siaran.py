# ruff: noqa: F811  (the shared `ktx` fixture is imported, then requested by name)
"""The lifecycle's broadcast: sent only after the commit, without the applicant's identity, to the right
groups, never for a rolled-back transaction, and never failing the service when the channel layer does."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from django.db import transaction

from antrian import realtime, services
from antrian.models import Peristiwa, Status
from antrian.models.catatan import JenisPeristiwa
from tests.antrian.factories import segarkan
from tests.antrian.test_siklus import bawa_ke, ktx  # noqa: F401
from tests.conftest import aktor

S = Status


# --- broadcast after commit ---------------------------------------------------------------------------

KUNCI_MUATAN = {"type", "id", "jenis", "aksi", "nomor", "status", "unit"}


def test_siaran_baru_dikirim_setelah_commit_tanpa_identitas_pemohon(
    ktx, warga, petugas, django_capture_on_commit_callbacks
):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    with mock.patch("antrian.realtime._kirim") as kirim:
        with django_capture_on_commit_callbacks() as callbacks:
            services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
        assert not kirim.called  # nothing leaves before the commit
        assert len(callbacks) == 1
        callbacks[0]()

    kirim.assert_called_once()
    (tujuan,) = kirim.call_args.args
    peristiwa = Peristiwa.objects.filter(tiket=tiket).last()
    assert {grup for grup, _ in tujuan} == {
        realtime.grup_unit(ktx.unit.pk),
        realtime.grup_petugas(petugas.pk),
        realtime.grup_tiket(tiket.pk),
    }
    for _, pesan in tujuan:
        assert set(pesan) == KUNCI_MUATAN
        assert pesan["id"] == peristiwa.pk
        assert (pesan["jenis"], pesan["aksi"]) == (JenisPeristiwa.TRANSISI, "mulai")
        assert (pesan["nomor"], pesan["status"]) == (tiket.nomor, S.DIPROSES)
        teks = json.dumps(pesan)
        for identitas in (warga.username, warga.email, warga.nama_lengkap):
            assert identitas not in teks


def test_siaran_tiket_tamu_tidak_membawa_kontak(ktx, petugas, django_capture_on_commit_callbacks):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=None)

    with mock.patch("antrian.realtime._kirim") as kirim, django_capture_on_commit_callbacks(execute=True):
        services.tiket_ambil(tiket=tiket, aktor=aktor(petugas))

    (tujuan,) = kirim.call_args.args
    teks = json.dumps([pesan for _, pesan in tujuan])
    assert tiket.kontak_email not in teks
    assert tiket.kontak_nama not in teks


def test_pengalihan_disiarkan_ke_antrian_kedua_unit(
    ktx, warga, supervisor, django_capture_on_commit_callbacks
):
    tiket = bawa_ke(S.DIAJUKAN, ktx, pemohon=warga)

    with mock.patch("antrian.realtime._kirim") as kirim, django_capture_on_commit_callbacks(execute=True):
        services.tiket_alihkan(
            tiket=tiket, aktor=aktor(supervisor), unit_tujuan=ktx.unit_lain, alasan="Disposisi."
        )

    (tujuan,) = kirim.call_args.args
    grup = {g for g, _ in tujuan}
    assert {realtime.grup_unit(ktx.unit.pk), realtime.grup_unit(ktx.unit_lain.pk)} <= grup


def test_transaksi_yang_dibatalkan_tidak_disiarkan(ktx, warga, petugas, django_capture_on_commit_callbacks):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    class Gagal(Exception):
        pass

    with (
        mock.patch("antrian.realtime._kirim") as kirim,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Gagal),
        transaction.atomic(),
    ):
        services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))
        raise Gagal

    assert callbacks == []
    assert not kirim.called
    assert segarkan(tiket).status == S.DITUGASKAN


class _LayerRusak:
    async def group_send(self, grup: str, pesan: dict[str, Any]) -> None:
        raise ConnectionError("Redis mati")


def test_channel_layer_yang_gagal_tidak_menggagalkan_layanan(
    ktx, warga, petugas, django_capture_on_commit_callbacks, caplog
):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    with (
        mock.patch("antrian.realtime.get_channel_layer", return_value=_LayerRusak()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hasil = services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))

    assert hasil.status == segarkan(tiket).status == S.DIPROSES
    assert realtime.tunggu_siaran()  # the broadcast leaves from the process's sender, after the request
    assert "Siaran peristiwa gagal" in caplog.text


def test_channel_layer_yang_salah_konfigurasi_tidak_menggagalkan_layanan(
    ktx, warga, petugas, django_capture_on_commit_callbacks
):
    tiket = bawa_ke(S.DITUGASKAN, ktx, pemohon=warga)

    # get_channel_layer() itself raises when the backend cannot be built (bad CHANNEL_LAYERS, no Redis lib).
    with (
        mock.patch("antrian.realtime.get_channel_layer", side_effect=RuntimeError("layer rusak")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hasil = services.tiket_mulai(tiket=tiket, aktor=aktor(petugas))

    assert hasil.status == S.DIPROSES
