"""The tracking page, read through the Django test client (JavaScript off): who sees what, the live part,
attachments, the lookup page and the query count. The citizen's actions on it are in test_lacak_aksi.py."""

from __future__ import annotations

import pytest

from antrian import selectors, services
from antrian.berkas import periksa_berkas
from antrian.izin import Aktor
from tests.antrian.factories import buat_tiket
from tests.conftest import aktor
from tests.portal._lacak_umum import PDF, _menunggu_warga, _pdf, _url

pytestmark = pytest.mark.django_db


# --- reading -------------------------------------------------------------------------------------------


def test_tamu_dengan_token_melihat_status_tenggat_dan_riwayat_publik(client, unit, petugas):
    baru = buat_tiket(unit, judul="Lampu jalan padam")
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="RAHASIA-INTERNAL", internal=True)
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="Segera kami tangani")
    respons = client.get(_url(baru.tiket.nomor), {"token": baru.token_lacak})
    assert respons.status_code == 200
    html = respons.content.decode()
    assert baru.tiket.nomor in html
    assert "Lampu jalan padam" in html
    assert 'class="lencana status-ditugaskan"' in html
    assert 'class="linimasa"' in html
    assert "Segera kami tangani" in html
    assert "Balasan dari petugas" in html
    assert "data-tenggat=" in html
    assert unit.nama in html
    assert "RAHASIA-INTERNAL" not in html
    assert petugas.pengguna.nama_tampil not in html
    assert respons["Referrer-Policy"] == "same-origin"
    assert "noindex" in respons["X-Robots-Tag"]
    assert "no-store" in respons["Cache-Control"]


def test_halaman_lacak_menyambung_aliran_tiket_dari_posisi_sebelum_dibaca(client, unit):
    baru = buat_tiket(unit)
    terakhir = selectors.urutan_terakhir()
    html = client.get(_url(baru.tiket.nomor), {"token": baru.token_lacak}).content.decode()
    assert f'data-aliran="/ws/tiket/{baru.tiket.nomor}/?token={baru.token_lacak}"' in html
    assert f'data-sejak="{terakhir}"' in html
    # The live part fetches itself again on every event of the stream.
    assert f'hx-get="/lacak/{baru.tiket.nomor}/bagian/?token={baru.token_lacak}"' in html
    assert "sigap:peristiwa from:body" in html


def test_bagian_langsung_mengembalikan_status_terbaru_tanpa_bingkai_halaman(client, unit, petugas):
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    respons = client.get(_url(baru.tiket.nomor, "bagian/"), {"token": baru.token_lacak})
    assert respons.status_code == 200
    html = respons.content.decode()
    assert html.lstrip().startswith('<div id="lacak-langsung"')
    assert "status-ditugaskan" in html
    assert "<html" not in html
    assert respons["Referrer-Policy"] == "same-origin"
    salah = client.get(_url(baru.tiket.nomor, "bagian/"), {"token": "salah"})
    assert salah.status_code == 404


def test_token_salah_tanpa_token_nomor_tak_ada_dan_tiket_warga_lain_tampak_sama(
    client, unit, warga, warga_lain
):
    baru = buat_tiket(unit)
    milik_lain = buat_tiket(unit, pemohon=warga_lain, judul="Tiket milik warga lain")
    jawaban = [
        client.get(_url(baru.tiket.nomor), {"token": "salah"}),
        client.get(_url(baru.tiket.nomor)),
        client.get("/lacak/ADU-0000-99999/", {"token": baru.token_lacak}),
    ]
    client.force_login(warga)
    jawaban.append(client.get(_url(milik_lain.tiket.nomor)))
    for respons in jawaban:
        assert respons.status_code == 404
        assert "Tiket tidak ditemukan" in respons.content.decode()
        assert respons["Referrer-Policy"] == "same-origin"
    assert "Tiket milik warga lain" not in jawaban[-1].content.decode()
    assert baru.tiket.judul not in jawaban[0].content.decode()


def test_warga_masuk_melihat_tiketnya_tanpa_token(client, unit, warga):
    baru = buat_tiket(unit, pemohon=warga, judul="Akta kelahiran anak")
    client.force_login(warga)
    respons = client.get(_url(baru.tiket.nomor))
    assert respons.status_code == 200
    html = respons.content.decode()
    assert "Akta kelahiran anak" in html
    assert f'data-aliran="/ws/tiket/{baru.tiket.nomor}/"' in html
    assert 'name="token"' not in html


def test_petugas_unit_melihat_tampilan_warga_tanpa_aksi_dan_tanpa_catatan_internal(client, unit, petugas):
    baru = buat_tiket(unit)
    services.tiket_ambil(tiket=baru.tiket, aktor=aktor(petugas))
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="CATATAN-DALAM", internal=True)
    client.force_login(petugas.pengguna)
    html = client.get(_url(baru.tiket.nomor)).content.decode()
    assert "CATATAN-DALAM" not in html
    assert f"/petugas/tiket/{baru.tiket.nomor}/" in html
    assert "/aksi/" not in html


# --- attachments --------------------------------------------------------------------------------------


def _dengan_lampiran(unit, petugas):  # type: ignore[no-untyped-def]
    baru = buat_tiket(unit)
    a = aktor(petugas)
    services.tiket_ambil(tiket=baru.tiket, aktor=a)
    services.tiket_tanggapi(
        tiket=baru.tiket, aktor=a, isi="Formulir", lampiran=[periksa_berkas(_pdf("f.pdf"))]
    )
    services.tiket_tanggapi(
        tiket=baru.tiket, aktor=a, isi="Dalam", internal=True, lampiran=[periksa_berkas(_pdf("dalam.pdf"))]
    )
    publik = baru.tiket.lampiran.get(internal=False)
    internal = baru.tiket.lampiran.get(internal=True)
    return baru, publik, internal


def test_lampiran_publik_diunduh_lewat_halaman_dengan_token(client, unit, petugas):
    baru, publik, _internal = _dengan_lampiran(unit, petugas)
    html = client.get(_url(baru.tiket.nomor), {"token": baru.token_lacak}).content.decode()
    assert f"/lacak/{baru.tiket.nomor}/lampiran/{publik.pk}/?token={baru.token_lacak}" in html
    assert "dalam.pdf" not in html
    respons = client.get(_url(baru.tiket.nomor, f"lampiran/{publik.pk}/"), {"token": baru.token_lacak})
    assert respons.status_code == 200
    assert b"".join(respons.streaming_content) == PDF
    assert respons["Content-Type"] == "application/pdf"
    assert 'attachment; filename="f.pdf"' in respons["Content-Disposition"]
    assert respons["X-Content-Type-Options"] == "nosniff"
    assert respons["Referrer-Policy"] == "same-origin"


def test_lampiran_internal_token_salah_dan_id_asing_404(client, unit, petugas):
    baru, publik, internal = _dengan_lampiran(unit, petugas)
    lain = buat_tiket(unit)
    for nomor, lampiran_id, token in (
        (baru.tiket.nomor, internal.pk, baru.token_lacak),
        (baru.tiket.nomor, publik.pk, "salah"),
        (lain.tiket.nomor, publik.pk, lain.token_lacak),
    ):
        respons = client.get(_url(nomor, f"lampiran/{lampiran_id}/"), {"token": token})
        assert respons.status_code == 404


# --- the lookup page ------------------------------------------------------------------------------------


def test_cari_dengan_nomor_dan_kode_mengarah_ke_halaman_lacak(client, unit):
    baru = buat_tiket(unit)
    halaman = client.get("/lacak/")
    assert halaman.status_code == 200
    assert "Nomor tiket" in halaman.content.decode()
    respons = client.get("/lacak/", {"nomor": str(baru.tiket.nomor).lower(), "token": baru.token_lacak})
    assert respons.status_code == 302
    assert respons["Location"] == f"/lacak/{baru.tiket.nomor}/?token={baru.token_lacak}"
    salah = client.get("/lacak/", {"nomor": baru.tiket.nomor, "token": "salah"})
    assert salah.status_code == 400
    assert "Tidak ada tiket yang cocok" in salah.content.decode()


def test_cari_menampilkan_tiket_terbaru_warga_yang_masuk(client, unit, warga, warga_lain):
    milik = buat_tiket(unit, pemohon=warga, judul="Punya saya")
    buat_tiket(unit, pemohon=warga_lain, judul="Punya orang lain")
    client.force_login(warga)
    html = client.get("/lacak/").content.decode()
    assert milik.tiket.nomor in html
    assert "Punya saya" in html
    assert "Punya orang lain" not in html


def test_halaman_lacak_jumlah_kueri_tidak_tumbuh_dengan_riwayat(
    client, unit, petugas, django_assert_max_num_queries
):
    baru = buat_tiket(unit)
    a = aktor(petugas)
    services.tiket_ambil(tiket=baru.tiket, aktor=a)
    services.tiket_tanggapi(
        tiket=baru.tiket, aktor=a, isi="Pertama", lampiran=[periksa_berkas(_pdf("a.pdf"))]
    )
    params = {"token": baru.token_lacak}
    with django_assert_max_num_queries(40) as sedikit:
        assert client.get(_url(baru.tiket.nomor), params).status_code == 200
    for i in range(12):
        services.tiket_tanggapi(
            tiket=baru.tiket, aktor=a, isi=f"Balasan {i}", lampiran=[periksa_berkas(_pdf(f"b{i}.pdf"))]
        )
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        html = client.get(_url(baru.tiket.nomor), params).content.decode()
    assert "b11.pdf" in html


def test_berkas_kelengkapan_tanpa_teks_tampil_pada_peristiwanya(client, unit, petugas):
    baru = _menunggu_warga(buat_tiket(unit), petugas)
    services.tiket_tanggapi(tiket=baru.tiket, aktor=aktor(petugas), isi="Ditunggu ya")
    respons = client.post(
        _url(baru.tiket.nomor, "aksi/lengkapi/"),
        {"token": baru.token_lacak, "lengkapi-lampiran": [_pdf("hanya-berkas.pdf")]},
    )
    assert respons.status_code == 303
    html = client.get(respons["Location"]).content.decode()
    butir = html.split('<li class="peran-')
    dengan_berkas = [b for b in butir if "hanya-berkas.pdf" in b]
    assert len(dengan_berkas) == 1
    assert "Warga melengkapi" in dengan_berkas[0]
    assert "Ditunggu ya" in html


def test_keluhan_menampilkan_kategori_dan_berkas_pengajuannya(client, unit):
    from antrian.services import Kontak
    from keluhan.models import KategoriKeluhan
    from keluhan.services import keluhan_ajukan

    kategori = KategoriKeluhan.objects.create(kode="jalan", nama="Jalan rusak", unit_default=unit)
    baru = keluhan_ajukan(
        kategori=kategori,
        aktor=Aktor(),
        judul="Lubang besar",
        isi="Di depan sekolah",
        lampiran=[_pdf("foto-lubang.pdf")],
        kontak=Kontak(nama="Tamu", email="tamu@contoh.id"),
    )
    html = client.get(_url(baru.tiket.nomor), {"token": baru.token_lacak}).content.decode()
    assert "Keluhan — Jalan rusak" in html
    assert "Dokumen yang dikirim" in html
    assert "foto-lubang.pdf" in html


def test_petugas_unit_lain_mendapat_404_yang_sama(client, unit, petugas_unit_lain, warga):
    baru = buat_tiket(unit, pemohon=warga, judul="Urusan unit lain")
    client.force_login(petugas_unit_lain.pengguna)
    for akhir in ("", "bagian/"):
        respons = client.get(_url(baru.tiket.nomor, akhir))
        assert respons.status_code == 404
        assert "Urusan unit lain" not in respons.content.decode()
