"""The satisfaction survey service: who may answer, when, once, and with what."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from antrian import services
from antrian.exceptions import DataTidakValid, Konflik, TidakDiizinkan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.models import JenisTiket, MetrikTiket, Peristiwa, Status, SurveiKepuasan, Tiket
from antrian.services import survei as survei_mod
from tests.antrian.factories import buat_tiket, segarkan
from tests.conftest import aktor

pytestmark = pytest.mark.django_db

JAWABAN = {"u1": 4, "u2": 3, "u3": 2, "u4": 4, "u5": 3, "u6": 4, "u7": 4, "u8": 1, "u9": 3}


def selesaikan(tiket: Tiket, petugas: object) -> Tiket:
    a = aktor(petugas)
    services.tiket_ambil(tiket=tiket, aktor=a)
    services.tiket_mulai(tiket=tiket, aktor=a)
    produk = "KTP-el" if tiket.jenis == JenisTiket.PERMOHONAN else ""
    services.tiket_selesaikan(tiket=tiket, aktor=a, catatan="Sudah beres", produk=produk)
    return segarkan(tiket)


def tiket_selesai(unit: object, petugas: object, pemohon: object = None) -> services.TiketBaru:
    baru = buat_tiket(unit, pemohon=pemohon)  # type: ignore[arg-type]
    selesaikan(baru.tiket, petugas)
    return baru


# --- who -------------------------------------------------------------------------------------------------


def test_warga_pemilik_mengisi_survei_dan_unit_layanan_petugas_disalin_dari_metrik(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    survei = services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN, saran="  Bagus  ")
    simpan = SurveiKepuasan.objects.get(tiket=baru.tiket)
    metrik = MetrikTiket.objects.get(tiket=baru.tiket)
    assert simpan.pk == survei.pk
    assert {u: getattr(simpan, u) for u in JAWABAN} == JAWABAN
    assert simpan.saran == "Bagus"
    assert simpan.unit_id == unit.pk == metrik.selesai_unit_id
    assert simpan.petugas_id == petugas.pk == metrik.selesai_petugas_id
    assert simpan.layanan == metrik.layanan


def test_layanan_permohonan_ikut_tersimpan_untuk_skm_per_layanan(unit, warga, petugas):
    from django.db import transaction

    with transaction.atomic():
        baru = services.tiket_buat(
            jenis=JenisTiket.PERMOHONAN,
            unit=unit,
            judul="KTP-el",
            aktor=aktor(warga),
            tenggat_hari=5,
            layanan="layanan:7",
        )
    selesaikan(baru.tiket, petugas)
    services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN)
    assert SurveiKepuasan.objects.get(tiket=baru.tiket).layanan == "layanan:7"


def test_tamu_dengan_token_mengisi_survei_tiket_yang_sudah_ditutup(unit, petugas):
    baru = tiket_selesai(unit, petugas)
    tamu = Aktor.tamu(baru.tiket.pk)
    services.tiket_tutup(tiket=baru.tiket, aktor=tamu)
    assert segarkan(baru.tiket).status == Status.DITUTUP
    services.survei_isi(tiket=baru.tiket, aktor=tamu, jawaban=JAWABAN)
    assert SurveiKepuasan.objects.filter(tiket=baru.tiket).count() == 1


def test_keluhan_anonim_tetap_bisa_disurvei_lewat_token_tamu(unit, petugas):
    from django.db import transaction

    with transaction.atomic():
        baru = services.tiket_buat(
            jenis=JenisTiket.KELUHAN, unit=unit, judul="Pungli", aktor=Aktor(), tenggat_hari=5, anonim=True
        )
    selesaikan(baru.tiket, petugas)
    assert segarkan(baru.tiket).anonim and baru.tiket.pemohon_id is None
    services.survei_isi(tiket=baru.tiket, aktor=Aktor.tamu(baru.tiket.pk), jawaban=JAWABAN)
    assert SurveiKepuasan.objects.filter(tiket=baru.tiket).exists()


def test_warga_lain_tidak_bisa_mengisi_survei(unit, warga, warga_lain, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    with pytest.raises(TidakDiizinkan) as info:
        services.survei_isi(tiket=baru.tiket, aktor=aktor(warga_lain), jawaban=JAWABAN)
    assert info.value.status_http == 403
    assert not SurveiKepuasan.objects.exists()


def test_tamu_dengan_token_tiket_lain_tidak_bisa_mengisi_survei(unit, petugas):
    baru = tiket_selesai(unit, petugas)
    lain = buat_tiket(unit)
    with pytest.raises(TidakDiizinkan):
        services.survei_isi(tiket=baru.tiket, aktor=Aktor.tamu(lain.tiket.pk), jawaban=JAWABAN)
    with pytest.raises(TidakDiizinkan):
        services.survei_isi(tiket=baru.tiket, aktor=Aktor(), jawaban=JAWABAN)


def test_petugas_yang_menyelesaikan_dan_manajer_tidak_bisa_mengisi_survei(unit, warga, petugas, manajer):
    baru = tiket_selesai(unit, petugas, warga)
    for siapa in (aktor(petugas), aktor(manajer), Aktor.sistem_otomatis()):
        with pytest.raises(TidakDiizinkan):
            services.survei_isi(tiket=baru.tiket, aktor=siapa, jawaban=JAWABAN)
    assert not SurveiKepuasan.objects.exists()


# --- when ------------------------------------------------------------------------------------------------


def test_tiket_yang_belum_selesai_tidak_bisa_disurvei_409(unit, warga, petugas):
    baru = buat_tiket(unit, pemohon=warga)
    a = aktor(petugas)
    langkah = [
        lambda: None,
        lambda: services.tiket_ambil(tiket=baru.tiket, aktor=a),
        lambda: services.tiket_mulai(tiket=baru.tiket, aktor=a),
        lambda: services.tiket_minta_kelengkapan(tiket=baru.tiket, aktor=a, pesan="KTP?"),
    ]
    for maju in langkah:
        maju()
        with pytest.raises(TransisiTidakSah) as info:
            services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN)
        assert info.value.status_http == 409
        assert "selesai" in str(info.value.pesan) or "completed" in str(info.value.pesan)
    assert not SurveiKepuasan.objects.exists()


def test_tiket_ditolak_atau_dibatalkan_tidak_bisa_disurvei(unit, warga, petugas):
    ditolak = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_tolak(tiket=ditolak, aktor=aktor(petugas), alasan="spam", catatan="Iklan")
    dibatalkan = buat_tiket(unit, pemohon=warga).tiket
    services.tiket_batalkan(tiket=dibatalkan, aktor=aktor(warga))
    for tiket in (ditolak, dibatalkan):
        with pytest.raises(TransisiTidakSah):
            services.survei_isi(tiket=tiket, aktor=aktor(warga), jawaban=JAWABAN)


# --- once ------------------------------------------------------------------------------------------------


def test_survei_kedua_untuk_tiket_yang_sama_ditolak_409(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN)
    with pytest.raises(Konflik) as info:
        services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban={**JAWABAN, "u1": 1})
    assert info.value.status_http == 409
    assert SurveiKepuasan.objects.get(tiket=baru.tiket).u1 == 4


def test_balapan_yang_lolos_pemeriksaan_tetap_ditahan_constraint_unik(unit, warga, petugas, monkeypatch):
    # Two answers that both passed the "already answered?" check: the unique tiket constraint decides and
    # the loser gets 409, not a 500.
    baru = tiket_selesai(unit, petugas, warga)
    services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN)
    monkeypatch.setattr(survei_mod, "survei_sudah_diisi", lambda tiket: False)
    with pytest.raises(Konflik):
        services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN)
    assert SurveiKepuasan.objects.filter(tiket=baru.tiket).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dua_jawaban_serentak_hanya_satu_yang_tersimpan(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    hasil: list[str] = []
    mulai = threading.Barrier(4)

    def jawab(nilai: int) -> None:
        try:
            mulai.wait()
            services.survei_isi(tiket=baru.tiket.pk, aktor=aktor(warga), jawaban={**JAWABAN, "u1": nilai})
            hasil.append("ok")
        except Konflik:
            hasil.append("409")
        finally:
            close_old_connections()
            connection.close()

    utas = [threading.Thread(target=jawab, args=(n,)) for n in (1, 2, 3, 4)]
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    assert sorted(hasil) == ["409", "409", "409", "ok"]
    assert SurveiKepuasan.objects.filter(tiket=baru.tiket).count() == 1


def test_mengisi_survei_tidak_mengubah_tiket_dan_tidak_menambah_peristiwa(unit, warga, petugas):
    # The survey is anonymous to officers: it leaves no trace in the tiket's log or its version.
    baru = tiket_selesai(unit, petugas, warga)
    versi, jumlah = segarkan(baru.tiket).versi, Peristiwa.objects.filter(tiket=baru.tiket).count()
    services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN)
    assert segarkan(baru.tiket).versi == versi
    assert Peristiwa.objects.filter(tiket=baru.tiket).count() == jumlah


# --- what ------------------------------------------------------------------------------------------------


def test_jawaban_yang_kurang_atau_di_luar_1_sampai_4_ditolak_per_unsur(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    salah = {**JAWABAN, "u1": 0, "u2": 5, "u3": "3", "u4": True, "u5": 2.5, "u6": None}
    del salah["u9"]
    with pytest.raises(DataTidakValid) as info:
        services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=salah)
    assert info.value.status_http == 400
    assert set(info.value.rincian) == {"u1", "u2", "u3", "u4", "u5", "u6", "u9"}
    assert all(info.value.rincian[u] for u in info.value.rincian)
    assert not SurveiKepuasan.objects.exists()


def test_unsur_asing_dan_saran_terlalu_panjang_ditolak(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    with pytest.raises(DataTidakValid) as info:
        services.survei_isi(
            tiket=baru.tiket, aktor=aktor(warga), jawaban={**JAWABAN, "u10": 4}, saran="x" * 2001
        )
    assert set(info.value.rincian) == {"non_field_errors", "saran"}
    services.survei_isi(tiket=baru.tiket, aktor=aktor(warga), jawaban=JAWABAN, saran="x" * 2000)
    assert len(SurveiKepuasan.objects.get(tiket=baru.tiket).saran) == 2000


def test_sembilan_pertanyaan_dengan_skala_empat_sesuai_unsur(db):
    assert [p.unsur for p in survei_mod.PERTANYAAN] == [f"u{i}" for i in range(1, 10)]
    for p in survei_mod.PERTANYAAN:
        assert [n for n, _label in p.pilihan()] == [1, 2, 3, 4]
        assert len({label for _n, label in p.pilihan()}) == 4
