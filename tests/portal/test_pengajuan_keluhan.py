"""The complaint form without JavaScript, through the Django test client: attachments, inline errors,
idempotency, anonymous and confidential complaints, the rate limit, and the confirmation page with its
tracking token shown once; CSRF on both submission forms."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from antrian.models import KunciIdempoten, Tiket
from keluhan.models import Keluhan
from tests.keluhan.berkas_uji import menyamar
from tests.keluhan.berkas_uji import png as png_keluhan
from tests.layanan.factories import pdf
from tests.portal._pengajuan_umum import DATA_AKTA, _keluhan, _kunci

pytestmark = pytest.mark.django_db


# --- complaint form ------------------------------------------------------------------------------------


def test_tamu_mengirim_keluhan_dengan_lampiran_tanpa_javascript(client, kategori):
    form = client.get("/keluhan/baru/", {"kategori": "jalan-rusak"})
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="jalan-rusak" selected' in html
    assert 'enctype="multipart/form-data"' in html
    kirim = client.post(
        "/keluhan/baru/", _keluhan(_kunci(form), lampiran=[png_keluhan("a.png"), pdf("b.pdf")])
    )
    assert kirim.status_code == 302
    keluhan = Keluhan.objects.select_related("tiket").get()
    assert kirim["Location"] == f"/terkirim/{keluhan.tiket.nomor}/"
    assert str(keluhan.bujur) == "118.014900"
    assert keluhan.tiket.kontak_email == "sari@contoh.id"
    assert sorted(keluhan.tiket.lampiran.values_list("nama_asli", flat=True)) == ["a.png", "b.pdf"]

    konfirmasi = client.get(kirim["Location"])
    assert konfirmasi.status_code == 200
    html = konfirmasi.content.decode()
    assert keluhan.tiket.nomor in html
    token = re.search(r"/lacak/[^/]+/\?token=([\w-]+)", html)
    assert token and Tiket.objects.get(pk=keluhan.tiket.pk).token_lacak_hash != token.group(1)
    assert konfirmasi["Referrer-Policy"] == "no-referrer"
    assert "no-store" in konfirmasi["Cache-Control"]
    # The token is shown once; a refresh shows the ticket, not the token.
    ulang = client.get(kirim["Location"]).content.decode()
    assert keluhan.tiket.nomor in ulang
    assert token.group(1) not in ulang


def test_token_lacak_di_konfirmasi_membuka_halaman_lacak(client, kategori):
    form = client.get("/keluhan/baru/")
    kirim = client.post("/keluhan/baru/", _keluhan(_kunci(form)))
    html = client.get(kirim["Location"]).content.decode()
    tautan = re.search(r'href="(/lacak/[^"]+)"', html)
    assert tautan
    assert Client().get(tautan.group(1).replace("&amp;", "&")).status_code == 200


def test_galat_keluhan_inline_dengan_400_dan_data_tetap(client, kategori):
    form = client.get("/keluhan/baru/")
    respons = client.post(
        "/keluhan/baru/",
        _keluhan(_kunci(form), judul="", lintang="95", kontak_email="", lampiran=[menyamar()]),
    )
    assert respons.status_code == 400
    html = respons.content.decode()
    for medan in ("judul", "lintang", "kontak_email", "lampiran"):
        assert f'id="id_{medan}-galat"' in html, medan
    assert "Lubang besar di depan sekolah." in html
    assert _kunci(respons) == _kunci(form)  # the same submission, still one key
    assert Keluhan.objects.count() == 0


def test_kategori_tidak_dikenal_atau_kosong_400(client, kategori):
    for kode in ("bukan-kategori", ""):
        respons = client.post("/keluhan/baru/", _keluhan("k1", kategori=kode))
        assert respons.status_code == 400
        assert 'id="id_kategori-galat"' in respons.content.decode()
    assert Keluhan.objects.count() == 0


def test_kirim_ganda_keluhan_satu_tiket_dan_kunci_lain_isi_lain_409(client, kategori):
    data = _keluhan("kunci-sama")
    pertama = client.post("/keluhan/baru/", data)
    kedua = client.post("/keluhan/baru/", data)
    assert pertama.status_code == kedua.status_code == 302
    assert pertama["Location"] == kedua["Location"]
    assert Keluhan.objects.count() == 1
    beda = client.post("/keluhan/baru/", {**data, "judul": "Judul lain"})
    assert beda.status_code == 409
    assert _kunci(beda) != "kunci-sama"  # a fresh key to send it as a new complaint
    assert Keluhan.objects.count() == 1


def test_keluhan_anonim_warga_masuk_tidak_menyimpan_identitas(client, kategori, warga):
    client.force_login(warga)
    form = client.get("/keluhan/baru/")
    assert 'id="id_kontak_nama"' not in form.content.decode()
    kirim = client.post("/keluhan/baru/", _keluhan(_kunci(form), anonim="on"))
    assert kirim.status_code == 302
    tiket = Tiket.objects.get()
    assert tiket.anonim and tiket.pemohon is None and tiket.kontak_nama == "" and tiket.kontak_email == ""
    assert KunciIdempoten.objects.get().cakupan == "tamu"
    # Anonymous: the private link is the only way to follow it, so it is shown even to a logged-in citizen.
    assert 'id="tautan-lacak"' in client.get(kirim["Location"]).content.decode()


def test_keluhan_rahasia_menyimpan_identitas_tersembunyi(client, kategori, warga):
    client.force_login(warga)
    kirim = client.post("/keluhan/baru/", _keluhan("k-rahasia", rahasia="on"))
    assert kirim.status_code == 302
    tiket = Tiket.objects.get()
    assert tiket.pemohon == warga and tiket.identitas_rahasia and not tiket.anonim


def test_tombol_peta_hanya_bila_ubin_dikonfigurasi(client, kategori, settings):
    settings.PETA_UBIN_URL = "https://ubin.contoh.id/{z}/{x}/{y}.png"
    html = client.get("/keluhan/baru/").content.decode()
    assert "data-pilih-peta" in html and 'data-lat-input="id_lintang"' in html
    assert "frontend/peta.js" in html  # loaded on demand, not with the page
    assert '<script src="/static/frontend/peta.js"' not in html
    settings.PETA_UBIN_URL = ""
    assert "data-peta" not in client.get("/keluhan/baru/").content.decode()


def test_batas_pengajuan_berlaku_juga_untuk_formulir_html(client, kategori, settings):
    settings.BATAS = {**settings.BATAS, "pengajuan_ip": "1/1h"}
    assert client.post("/keluhan/baru/", _keluhan("a")).status_code == 302
    kedua = client.post("/keluhan/baru/", _keluhan("b", judul="Lain"))
    assert kedua.status_code == 429
    assert 1 <= int(kedua["Retry-After"]) <= 3600
    assert Keluhan.objects.count() == 1


# --- confirmation and CSRF ---------------------------------------------------------------------------


def test_konfirmasi_hanya_untuk_sesi_yang_mengirim(client, kategori):
    kirim = client.post("/keluhan/baru/", _keluhan("k-sesi"))
    assert Client().get(kirim["Location"]).status_code == 404
    assert client.get("/terkirim/ADU-0000-99999/").status_code == 404


def test_formulir_tanpa_token_csrf_ditolak(kategori, akta):
    klien = Client(enforce_csrf_checks=True)
    assert klien.post("/keluhan/baru/", _keluhan("x")).status_code == 403
    assert klien.post(f"/layanan/{akta.kode}/ajukan/data/", DATA_AKTA).status_code == 403
    assert Tiket.objects.count() == 0
