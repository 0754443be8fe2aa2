"""The demo history (`manage.py muat_demo --tikets N`): consistent with the services, loaded once."""

from __future__ import annotations

import io
import re
from itertools import pairwise

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.urls import reverse

from antrian.models import MetrikTiket, Peristiwa, Petugas, Status, SurveiKepuasan, Tiket
from portal.demo.sejarah import orang
from portal.validators import validasi_nip

pytestmark = pytest.mark.django_db

NOMOR = re.compile(r"^(LYN|ADU)-\d{4}-\d{5,}$")


@pytest.fixture
def riwayat(capsys):  # type: ignore[no-untyped-def]
    call_command("muat_demo", tikets=300, hari=30, seed=7)
    return capsys.readouterr()


def test_riwayat_demo_memuat_setiap_status_dengan_log_yang_runtut(riwayat):
    assert "Riwayat 300 tiket dimuat" in riwayat.out and "baris/s" in riwayat.out
    assert "100.0%" in riwayat.err  # the progress bar went to stderr
    # The history comes after the demo's own tikets.
    sejarah = list(Tiket.objects.order_by("id"))[-300:]
    assert {t.status for t in sejarah} == set(Status.values)
    assert {t.jenis for t in sejarah} == {"permohonan", "keluhan"}
    log: dict[int, list[Peristiwa]] = {}
    for p in Peristiwa.objects.filter(tiket__in=sejarah).order_by("id"):
        log.setdefault(p.tiket_id, []).append(p)
    for t in sejarah:
        ev = log[t.pk]
        assert NOMOR.match(t.nomor or "")
        assert ev[0].aksi == "ajukan" and ev[0].data["layanan"] and ev[0].data["tenggat"]
        for a, b in pairwise(ev):
            assert b.dari_status == a.ke_status, (t.nomor, a, b)
            assert b.dibuat_pada > a.dibuat_pada
        assert t.status == ev[-1].ke_status
        assert t.versi == len(ev)
        assert t.jumlah_dibuka_kembali == sum(e.aksi == "buka_kembali" for e in ev)
        assert t.jumlah_dialihkan == sum(e.aksi == "alihkan" for e in ev)
        if t.status in ("ditugaskan", "diproses", "menunggu_warga", "selesai", "ditutup"):
            assert t.petugas_id is not None and t.ditugaskan_pada is not None
        if t.status == "diajukan":
            assert t.petugas_id is None
        if t.status == Status.DITOLAK:
            assert ev[-1].data["alasan"] == t.alasan_tolak
        assert hasattr(t, "permohonan" if t.jenis == "permohonan" else "keluhan")
    # Stream positions: set, unique, in insertion (= commit) order. (The demo's own events, written by the
    # services inside this test's never-committed transaction, get theirs from the trigger at COMMIT.)
    urutan = list(Peristiwa.objects.filter(tiket__in=sejarah).order_by("id").values_list("urutan", flat=True))
    assert None not in urutan and urutan == sorted(set(urutan))


def test_ringkasan_metrik_riwayat_sama_dengan_log_peristiwa(riwayat, capsys):
    call_command("metrik_bangun_ulang")  # raises CommandError on any difference
    assert "Ringkasan metrik sama dengan log peristiwa" in capsys.readouterr().out
    assert MetrikTiket.objects.count() == Tiket.objects.count()


def test_survei_kepuasan_riwayat_sah_dan_disalin_dari_tiket(riwayat):
    survei = list(SurveiKepuasan.objects.select_related("tiket__metrik"))
    assert len(survei) >= 20
    for s in survei:
        m = s.tiket.metrik
        assert m.selesai_pada is not None and s.dibuat_pada > m.selesai_pada
        assert (s.unit_id, s.layanan, s.petugas_id) == (m.selesai_unit_id, m.layanan, m.selesai_petugas_id)
        assert all(1 <= getattr(s, f"u{i}") <= 4 for i in range(1, 10))


def test_petugas_riwayat_ber_nip_sah_dan_login_demo_tetap_jalan(riwayat):
    baru = Petugas.objects.filter(pengguna__username__startswith=orang.AWALAN_PETUGAS)
    assert baru.count() >= 30
    for p in baru:
        validasi_nip(p.nip)
    assert authenticate(username="budi.dukcapil", password="sigap-demo-2026") is not None


def test_petugas_bisa_membuka_halaman_tiket_riwayat(riwayat, client):
    tiket = Tiket.objects.filter(petugas__pengguna__username__startswith=orang.AWALAN_PETUGAS).last()
    client.force_login(tiket.petugas.pengguna)
    jawaban = client.get(reverse("antrian:petugas-tiket", args=[tiket.nomor]))
    assert jawaban.status_code == 200
    assert tiket.nomor.encode() in jawaban.content


def test_riwayat_tidak_dimuat_dua_kali_kecuali_dengan_tambah(riwayat):
    jumlah = Tiket.objects.count()
    with pytest.raises(CommandError, match="--tambah"):
        call_command("muat_demo", tikets=50, hari=30)
    assert Tiket.objects.count() == jumlah
    # `make run` asks with --bila-belum: the second run loads nothing and does not fail.
    call_command("muat_demo", tikets=50, hari=30, bila_belum=True, stdout=io.StringIO())
    assert Tiket.objects.count() == jumlah
    call_command("muat_demo", tikets=50, hari=30, tambah=True)
    assert Tiket.objects.count() == jumlah + 50
