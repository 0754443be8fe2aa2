"""The service submission wizard without JavaScript, through the Django test client: steps with inline
errors, documents checked and kept between steps, the draft and its files, idempotency and POST-redirect-
GET. Home and catalogue are in test_pengajuan_katalog.py, the complaint form in test_pengajuan_keluhan.py."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages

from antrian.models import Tiket
from layanan.models import Permohonan
from portal import draf
from tests.keluhan.berkas_uji import menyamar
from tests.layanan.factories import pdf, png
from tests.portal._pengajuan_umum import DATA_AKTA, _berkas_draf, _isi_wizard_tamu, _kunci

pytestmark = pytest.mark.django_db


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
    monkeypatch.setattr(draf, "_sapu_terakhir", 0.0)  # the hourly sweep has not run in this process yet
    client.post(f"/layanan/{akta.kode}/ajukan/dokumen/", {"aksi": "lanjut", "dokumen_kk": png("kk2.png")})
    assert not any(p.exists() for p in lama)


def test_sapuan_berkas_draf_paling_sering_sekali_sejam_per_proses(client, akta, monkeypatch):
    monkeypatch.setattr(draf, "_sapu_terakhir", 0.0)
    _isi_wizard_tamu(client, akta)  # this upload swept (nothing old yet)
    monkeypatch.setattr(draf, "UMUR_BERKAS_DETIK", -1)
    client.post(f"/layanan/{akta.kode}/ajukan/dokumen/", {"aksi": "lanjut", "dokumen_kk": png("kk2.png")})
    # A sweep would have taken the KTP too (everything is "old" now); only the replaced KK went.
    assert len(_berkas_draf()) == 2, "no second listing within the hour"


def test_draf_di_penyimpanan_media_bukan_disk_lokal(client, akta, settings, tmp_path):
    """With a bucket as the media storage (here Django's in-memory storage stands in for S3), the draft's
    documents live there too, so the next step finds them whichever web process serves it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path)

    kunci = _isi_wizard_tamu(client, akta)
    disimpan = storages["default"].listdir(draf.FOLDER)[1]
    kirim = client.post(f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci})

    assert len(disimpan) == 2 and not (tmp_path / draf.FOLDER).exists()
    assert kirim.status_code == 302
    lampiran = Permohonan.objects.get().tiket.lampiran.order_by("kode_persyaratan")
    assert [x.kode_persyaratan for x in lampiran] == ["kk", "ktp"]
    assert storages["default"].listdir(draf.FOLDER)[1] == [], "the draft's files are gone after submission"


def test_draf_lama_dengan_nama_tanpa_folder_masih_terbaca(akta, settings, tmp_path):
    # Sessions from before the files moved into the media storage hold the bare random name.
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / draf.FOLDER).mkdir()
    (tmp_path / draf.FOLDER / "abc123").write_bytes(b"%PDF-1.4 isi")
    lama = {"dokumen": {"ktp": {"id": "abc123", "nama": "ktp.pdf", "ukuran": 12, "tipe": "application/pdf"}}}

    with draf.buka_dokumen(lama) as berkas:
        assert berkas is not None and berkas["ktp"][0].read() == b"%PDF-1.4 isi"
    draf.hapus_berkas(lama)
    assert not (tmp_path / draf.FOLDER / "abc123").exists()
