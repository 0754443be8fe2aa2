"""The citizen's way in without JavaScript: home search, catalogue, service standard, the submission wizard
and the complaint form through the Django test client, with the API's checks, idempotency, POST-redirect-
GET and a tracking token shown once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from antrian.models import KunciIdempoten, Tiket
from keluhan.models import KategoriKeluhan, Keluhan
from layanan.models import JenisLayanan, Permohonan
from portal import draf
from tests.keluhan.berkas_uji import menyamar
from tests.keluhan.berkas_uji import png as png_keluhan
from tests.layanan.factories import JenisLayananFactory, buat_layanan_akta, pdf, png

pytestmark = pytest.mark.django_db

DATA_AKTA = {
    "aksi": "lanjut",
    "isian_nama-anak": "Budi",
    "isian_tanggal-lahir": "2026-11-01",
    "isian_tempat": "rs",
    "isian_berat": "3.25",
}


@pytest.fixture
def akta(unit: Any) -> JenisLayanan:
    return buat_layanan_akta(unit)


@pytest.fixture
def kategori(unit: Any) -> KategoriKeluhan:
    return KategoriKeluhan.objects.create(
        kode="jalan-rusak", nama="Jalan rusak", deskripsi="Jalan berlubang atau ambles.", unit_default=unit
    )


def _kunci(respons: Any) -> str:
    cocok = re.search(r'name="kunci_idempoten" value="([^"]+)"', respons.content.decode())
    assert cocok, "the form carries no idempotency key"
    return cocok.group(1)


def _berkas_draf() -> list[Path]:
    akar = Path(settings.MEDIA_ROOT) / "draf-pengajuan"
    return sorted(akar.iterdir()) if akar.is_dir() else []


def _isi_wizard_tamu(client: Client, layanan: JenisLayanan) -> str:
    """Walk a guest through data, documents and contact; return the review page's idempotency key."""
    url = f"/layanan/{layanan.kode}/ajukan/"
    assert client.post(url + "data/", DATA_AKTA).status_code == 302
    dokumen = {"aksi": "lanjut", "dokumen_ktp": pdf("ktp.pdf"), "dokumen_kk": png("kk.png")}
    assert client.post(url + "dokumen/", dokumen).status_code == 302
    kontak = {"aksi": "lanjut", "kontak_nama": "Ani", "kontak_telepon": "0812 3456 7890"}
    assert client.post(url + "kontak/", kontak).status_code == 302
    tinjau = client.get(url + "tinjau/")
    assert tinjau.status_code == 200
    return _kunci(tinjau)


# --- home and catalogue ------------------------------------------------------------------------------


def test_beranda_mencari_layanan_dan_kategori_keluhan_tanpa_javascript(client, unit, akta, kategori):
    JenisLayananFactory(unit=unit, kode="ktp-el", nama="Penerbitan KTP-el", kata_kunci="ktp")
    semua = client.get("/")
    assert semua.status_code == 200
    html = semua.content.decode()
    assert "Akta Kelahiran" in html and "Penerbitan KTP-el" in html
    assert 'href="/keluhan/baru/"' in html and 'href="/lacak/"' in html and 'href="/layanan/"' in html

    cari = client.get("/", {"q": "ktp"}).content.decode()
    assert "Penerbitan KTP-el" in cari
    assert "Akta Kelahiran" not in cari

    jalan = client.get("/", {"q": "berlubang"}).content.decode()
    assert "/keluhan/baru/?kategori=jalan-rusak" in jalan
    assert "Penerbitan KTP-el" not in jalan

    kosong = client.get("/", {"q": "tidak-ada-yang-cocok"})
    assert kosong.status_code == 200
    assert "Penerbitan KTP-el" not in kosong.content.decode()


def test_katalog_menyaring_per_kelompok_dan_kata(client, unit, akta):
    JenisLayananFactory(unit=unit, kode="izin-usaha", nama="Izin Usaha Mikro", kelompok="Perizinan")
    perizinan = client.get("/layanan/", {"kelompok": "perizinan"}).content.decode()
    assert "Izin Usaha Mikro" in perizinan and "Akta Kelahiran" not in perizinan
    kata = client.get("/layanan/", {"q": "akta"}).content.decode()
    assert "Akta Kelahiran" in kata and "Izin Usaha Mikro" not in kata
    # An over-long search is cut, not refused.
    assert client.get("/layanan/", {"q": "x" * 500}).status_code == 200


def test_katalog_dan_beranda_jumlah_kueri_tetap_datar(client, unit, django_assert_max_num_queries):
    for i in range(40):
        JenisLayananFactory(unit=unit, kode=f"l-{i}", kelompok=f"Kelompok {i % 4}")
    for i in range(10):
        KategoriKeluhan.objects.create(kode=f"k-{i}", nama=f"Kategori {i}", unit_default=unit)
    with django_assert_max_num_queries(5):  # services, categories, groups (+ a savepoint pair)
        assert client.get("/layanan/").status_code == 200
    with django_assert_max_num_queries(5):  # services, categories, groups (+ a savepoint pair)
        assert client.get("/", {"q": "Kategori"}).status_code == 200


# --- service standard --------------------------------------------------------------------------------


def test_standar_layanan_publik_tanpa_bagian_internal(client, akta):
    respons = client.get(f"/layanan/{akta.kode}/")
    assert respons.status_code == 200
    html = respons.content.decode()
    for teks in ("KTP orang tua", "Kartu Keluarga", "Isi formulir", "Dokumen resmi", "Perda Tubei 7/2024"):
        assert teks in html
    assert "Hubungi SIGAP Tubei" in html  # complaint handling
    assert f'href="/layanan/{akta.kode}/ajukan/"' in html
    assert "Operator SIAK bersertifikat" not in html  # staff competence: internal part


def test_standar_layanan_bagian_internal_untuk_petugas(client, akta, petugas):
    client.force_login(petugas.pengguna)
    assert "Operator SIAK bersertifikat" in client.get(f"/layanan/{akta.kode}/").content.decode()


def test_layanan_nonaktif_atau_tidak_ada_404(client, akta):
    JenisLayanan.objects.filter(pk=akta.pk).update(aktif=False)
    assert client.get(f"/layanan/{akta.kode}/").status_code == 404
    assert client.get(f"/layanan/{akta.kode}/ajukan/").status_code == 404
    assert client.get(f"/layanan/{akta.kode}/ajukan/data/").status_code == 404
    assert client.get("/layanan/tidak-ada/").status_code == 404


# --- submission wizard ---------------------------------------------------------------------------------


def test_tamu_mengajukan_permohonan_lewat_wizard_tanpa_javascript(client, akta):
    mulai = client.get(f"/layanan/{akta.kode}/ajukan/")
    assert mulai.status_code == 302 and mulai["Location"].endswith("/ajukan/data/")
    langkah = client.get(mulai["Location"])
    html = langkah.content.decode()
    assert 'class="langkah"' in html and 'aria-current="step"' in html
    assert 'name="csrfmiddlewaretoken"' in html

    kunci = _isi_wizard_tamu(client, akta)
    assert len(_berkas_draf()) == 2
    kirim = client.post(f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci})
    assert kirim.status_code == 302
    assert "token" not in kirim["Location"]

    permohonan = Permohonan.objects.select_related("tiket").get()
    assert kirim["Location"] == f"/terkirim/{permohonan.tiket.nomor}/"
    assert permohonan.jawaban == {
        "nama-anak": "Budi",
        "tanggal-lahir": "2026-11-01",
        "tempat": "rs",
        "berat": "3.25",
    }
    assert permohonan.tiket.kontak_nama == "Ani"
    assert permohonan.tiket.kontak_telepon == "+6281234567890"
    assert permohonan.tiket.pemohon is None
    lampiran = {x.kode_persyaratan: x for x in permohonan.tiket.lampiran.all()}
    assert set(lampiran) == {"ktp", "kk"}
    assert lampiran["ktp"].nama_asli == "ktp.pdf" and lampiran["ktp"].tipe_mime == "application/pdf"
    assert lampiran["kk"].berkas.read().startswith(b"\x89PNG")
    # The draft is gone with its files.
    assert _berkas_draf() == []
    assert client.session.get(draf.KUNCI_SESI) == {}


def test_galat_langkah_data_ditampilkan_per_isian_dengan_400(client, akta):
    respons = client.post(
        f"/layanan/{akta.kode}/ajukan/data/",
        {
            "aksi": "lanjut",
            "isian_nama-anak": "",
            "isian_tanggal-lahir": "2026-02-30",
            "isian_tempat": "kapal",
        },
    )
    assert respons.status_code == 400
    html = respons.content.decode()
    assert 'id="id_isian_nama-anak"' in html and 'aria-invalid="true"' in html
    assert 'id="id_isian_tanggal-lahir-galat"' in html
    assert 'id="id_isian_tempat-galat"' in html
    assert 'class="ringkasan-galat"' in html
    # What was typed is kept for the next attempt.
    assert "2026-02-30" in html


def test_dokumen_diperiksa_isinya_dan_yang_sah_disimpan_di_antara_langkah(client, akta):
    url = f"/layanan/{akta.kode}/ajukan/dokumen/"
    respons = client.post(
        url, {"aksi": "lanjut", "dokumen_ktp": pdf("ktp.pdf"), "dokumen_kk": menyamar("kk.png")}
    )
    assert respons.status_code == 400
    html = respons.content.decode()
    assert 'id="id_dokumen_kk-galat"' in html
    assert "ktp.pdf" in html  # kept, listed as uploaded
    assert len(_berkas_draf()) == 1

    # The stored requirement is not asked for again; the missing one is.
    lagi = client.post(url, {"aksi": "lanjut"})
    assert lagi.status_code == 400
    assert 'id="id_dokumen_kk-galat"' in lagi.content.decode()
    assert 'id="id_dokumen_ktp-galat"' not in lagi.content.decode()

    assert client.post(url, {"aksi": "lanjut", "dokumen_kk": png("kk.png")}).status_code == 302
    assert len(_berkas_draf()) == 2

    # Replacing a document removes the old file; removing one deletes it.
    assert client.post(url, {"aksi": "lanjut", "dokumen_kk": png("kk-baru.png")}).status_code == 302
    assert len(_berkas_draf()) == 2
    assert client.post(url, {"aksi": "hapus:kk"}).status_code == 302
    assert len(_berkas_draf()) == 1
    assert "kk-baru.png" not in client.get(url).content.decode()


def test_kontak_tamu_wajib_email_atau_telepon(client, akta):
    respons = client.post(f"/layanan/{akta.kode}/ajukan/kontak/", {"aksi": "lanjut", "kontak_nama": "Ani"})
    assert respons.status_code == 400
    assert 'id="id_kontak_email-galat"' in respons.content.decode()


def test_warga_masuk_tanpa_langkah_kontak_dan_tiket_atas_namanya(client, akta, warga):
    client.force_login(warga)
    url = f"/layanan/{akta.kode}/ajukan/"
    # The contact step does not exist for a citizen: asking for it leads to the review.
    kontak = client.get(url + "kontak/")
    assert kontak.status_code == 302 and kontak["Location"].endswith("/tinjau/")
    assert client.post(url + "data/", DATA_AKTA).status_code == 302
    dokumen = {"aksi": "lanjut", "dokumen_ktp": pdf(), "dokumen_kk": pdf("kk.pdf")}
    assert client.post(url + "dokumen/", dokumen).status_code == 302
    tinjau = client.get(url + "tinjau/")
    assert warga.email in tinjau.content.decode()
    kirim = client.post(url + "tinjau/", {"aksi": "kirim", "kunci_idempoten": _kunci(tinjau)})
    assert kirim.status_code == 302
    tiket = Tiket.objects.get()
    assert tiket.pemohon == warga
    konfirmasi = client.get(kirim["Location"]).content.decode()
    # A citizen follows the tiket from the account: no private link to keep.
    assert 'id="tautan-lacak"' not in konfirmasi
    assert 'href="/tiket-saya/"' in konfirmasi


def test_kirim_ganda_wizard_hanya_membuat_satu_tiket(client, akta):
    kunci = _isi_wizard_tamu(client, akta)
    url = f"/layanan/{akta.kode}/ajukan/tinjau/"
    pertama = client.post(url, {"aksi": "kirim", "kunci_idempoten": kunci})
    kedua = client.post(url, {"aksi": "kirim", "kunci_idempoten": kunci})
    assert pertama.status_code == kedua.status_code == 302
    assert pertama["Location"] == kedua["Location"]
    assert Permohonan.objects.count() == 1


def test_galat_dari_layanan_saat_kirim_ditautkan_ke_langkahnya(client, akta):
    kunci = _isi_wizard_tamu(client, akta)
    # The standard changed while the citizen was filling in: a new required document.
    akta.persyaratan.create(kode="surat-nikah", nama="Buku nikah", wajib=True, urutan=9)
    respons = client.post(f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci})
    assert respons.status_code == 400
    assert f'href="/layanan/{akta.kode}/ajukan/dokumen/"' in respons.content.decode()
    assert Tiket.objects.count() == 0


def test_draf_kedaluwarsa_diarahkan_ke_halaman_layanan(client, akta):
    kunci = _isi_wizard_tamu(client, akta)
    for berkas in _berkas_draf():
        berkas.unlink()
    respons = client.post(f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci})
    assert respons.status_code == 302 and respons["Location"] == f"/layanan/{akta.kode}/"
    assert Tiket.objects.count() == 0


def test_batal_menghapus_draf_dan_berkasnya(client, akta):
    _isi_wizard_tamu(client, akta)
    respons = client.post(f"/layanan/{akta.kode}/ajukan/data/", {"aksi": "batal"})
    assert respons.status_code == 302
    assert _berkas_draf() == []
    assert akta.kode not in (client.session.get(draf.KUNCI_SESI) or {})


def test_kembali_tidak_memeriksa_dan_isian_tetap_tersimpan(client, akta):
    url = f"/layanan/{akta.kode}/ajukan/"
    assert client.post(url + "data/", DATA_AKTA).status_code == 302
    kembali = client.post(url + "kontak/", {"aksi": "kembali", "kontak_nama": "Ani"})
    assert kembali.status_code == 302 and kembali["Location"].endswith("/ajukan/dokumen/")
    assert 'value="Ani"' in client.get(url + "kontak/").content.decode()
    assert 'value="Budi"' in client.get(url + "data/").content.decode()


def test_langkah_tidak_dikenal_404(client, akta):
    assert client.get(f"/layanan/{akta.kode}/ajukan/bayar/").status_code == 404


def test_berkas_draf_yang_terbengkalai_disapu(client, akta, monkeypatch):
    _isi_wizard_tamu(client, akta)
    lama = _berkas_draf()
    monkeypatch.setattr(draf, "UMUR_BERKAS_DETIK", -1)
    client.post(f"/layanan/{akta.kode}/ajukan/dokumen/", {"aksi": "lanjut", "dokumen_kk": png("kk2.png")})
    assert not any(p.exists() for p in lama)


# --- complaint form ------------------------------------------------------------------------------------


def _keluhan(kunci: str, **lain: Any) -> dict[str, Any]:
    data = {
        "kategori": "jalan-rusak",
        "judul": "Lubang di Jalan Merdeka",
        "isi": "Lubang besar di depan sekolah.",
        "alamat": "Jalan Merdeka 3",
        "lintang": "-2.5489",
        "bujur": "118.0149",
        "kontak_nama": "Sari",
        "kontak_email": "sari@contoh.id",
        "kunci_idempoten": kunci,
    }
    data.update(lain)
    return data


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
