"""Abuse limits (portal.batas): every public front door answers 429 with Retry-After once a client or an
account is over its limit, per address (another address still passes) and per account; windows free up
as time passes; a forged X-Forwarded-For buys nothing; guest tokens are long enough that guessing is
hopeless. The login lock-out has its own file, test_kunci_masuk.py.

Limits are set low per test through ``settings.BATAS`` so each test shows the edge in a few requests."""

from __future__ import annotations

import datetime as dt
import re
import string
import threading
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from antrian.models import SurveiKepuasan, Tiket
from keluhan.models import KategoriKeluhan, Keluhan
from portal import batas
from portal.models import AplikasiOpen311, Pengguna, PermintaanOpen311
from tests.antrian.factories import buat_tiket
from tests.antrian.test_survei import JAWABAN, tiket_selesai
from tests.layanan.factories import buat_layanan_akta
from tests.portal.open311_bantu import buat_aplikasi, buat_layanan_sederhana, data_permintaan
from tests.portal.test_pengajuan import _isi_wizard_tamu

pytestmark = pytest.mark.django_db

IP_A, IP_B = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def batasi(settings):  # type: ignore[no-untyped-def]
    """Set some limits for this test: ``batasi(daftar_ip="2/1h")``."""

    def pasang(**aturan: str) -> None:
        settings.BATAS = {**settings.BATAS, **aturan}

    return pasang


def _klien(ip: str = IP_A) -> Client:
    return Client(REMOTE_ADDR=ip)


def _tunggu(respons: Any, paling_lama: int) -> int:
    """The response is a 429 whose Retry-After is a whole number of seconds within the window."""
    assert respons.status_code == 429, respons.content[:300]
    detik = int(respons["Retry-After"])
    assert 1 <= detik <= paling_lama
    return detik


def _galat_api(respons: Any, paling_lama: int) -> dict[str, Any]:
    detik = _tunggu(respons, paling_lama)
    galat = respons.json()["galat"]
    assert galat["kode"] == "terlalu_sering"
    assert galat["rincian"] == {"coba_lagi_detik": [str(detik)]}
    assert str(detik) in galat["pesan"]
    return galat


# --- the limiter itself ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teks", "laju"),
    [
        ("5/15m", (5, 900)),
        ("30/hour", (30, 3600)),
        ("10/60s", (10, 60)),
        ("3/d", (3, 86400)),
        ("1/1h", (1, 3600)),
    ],
)
def test_batas_ditulis_jumlah_per_jendela(teks, laju):
    hasil = batas.urai_laju(teks)
    assert hasil is not None and (hasil.jumlah, hasil.detik) == laju


@pytest.mark.parametrize("teks", ["5", "5/", "lima/1m", "0/1m", "5/1 minggu", "5/0m", "-1/1m"])
def test_batas_yang_salah_tulis_menolak_jalan_bukan_diam_diam_lolos(teks):
    with pytest.raises(ImproperlyConfigured):
        batas.urai_laju(teks)


def test_semua_batas_bawaan_terbaca_dan_kosong_mematikan(settings):
    for nama in settings.BATAS:
        assert batas.laju(nama) is not None, nama
    assert batas.urai_laju("") is None


def test_tepat_sebanyak_batas_lolos_lalu_ditolak_sampai_jendela_berganti(batasi):
    batasi(daftar_ip="3/1m")
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, 10, tzinfo=dt.UTC), tick=False) as mesin:
        for _ in range(3):
            batas.periksa("daftar_ip", IP_A)
        with pytest.raises(batas.Ditolak) as ditolak:
            batas.periksa("daftar_ip", IP_A)
        assert ditolak.value.coba_lagi == 50  # the minute's window ends at 09:01:00
        batas.periksa("daftar_ip", IP_B)  # another subject has its own count
        mesin.shift(dt.timedelta(seconds=50))
        batas.periksa("daftar_ip", IP_A)


@pytest.mark.redis
def test_di_redis_tepat_sebanyak_batas_lolos_dari_banyak_utas_serentak(batasi):
    batasi(pengajuan_ip="7/1h")
    lolos: list[bool] = []
    kunci = threading.Lock()
    mulai = threading.Barrier(24)

    def pukul() -> None:
        mulai.wait()
        try:
            batas.periksa("pengajuan_ip", "192.0.2.50")
            hasil = True
        except batas.Ditolak:
            hasil = False
        with kunci:
            lolos.append(hasil)

    utas = [threading.Thread(target=pukul) for _ in range(24)]
    for u in utas:
        u.start()
    for u in utas:
        u.join()
    assert len(lolos) == 24 and lolos.count(True) == 7


# --- who the client is: REMOTE_ADDR unless proxies are trusted ----------------------------------------------


def test_x_forwarded_for_palsu_diabaikan_tanpa_proksi_tepercaya(settings):
    settings.PROXY_TERPERCAYA = 0
    r = RequestFactory().get("/", REMOTE_ADDR=IP_A, HTTP_X_FORWARDED_FOR="10.9.8.7")
    assert batas.ip_klien(r) == IP_A


def test_dengan_satu_proksi_klien_adalah_alamat_terakhir_yang_ditambahkan_proksi(settings):
    settings.PROXY_TERPERCAYA = 1
    r = RequestFactory().get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR=f"10.9.8.7, {IP_B}")
    assert batas.ip_klien(r) == IP_B  # "10.9.8.7" was written by the client itself


def test_alamat_ipv6_dihitung_per_blok_64(settings):
    r1 = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    r2 = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert batas.ip_klien(r1) == batas.ip_klien(r2) == "2001:db8:1:2::/64"


def test_header_palsu_berganti_ganti_tidak_membuka_batas_baru(client, batasi, settings):
    settings.PROXY_TERPERCAYA = 0
    batasi(daftar_ip="1/1h")
    _daftar_api(client, "a", HTTP_X_FORWARDED_FOR="10.0.0.1")
    respons = _daftar_api(client, "b", HTTP_X_FORWARDED_FOR="10.0.0.2")
    _galat_api(respons, 3600)


def test_di_belakang_proksi_tepercaya_klien_lain_tetap_lolos(client, batasi, settings):
    settings.PROXY_TERPERCAYA = 1
    batasi(daftar_ip="1/1h")
    assert _daftar_api(client, "a", HTTP_X_FORWARDED_FOR=IP_A).status_code == 201
    _galat_api(_daftar_api(client, "b", HTTP_X_FORWARDED_FOR=f"{IP_B}, {IP_A}"), 3600)
    assert _daftar_api(client, "c", HTTP_X_FORWARDED_FOR=IP_B).status_code == 201


# --- registration -------------------------------------------------------------------------------------------


def _daftar_api(klien: Client, akhiran: str, email: str | None = None, **meta: Any) -> Any:
    data = {
        "nama_lengkap": "Warga Baru",
        "email": email or f"baru.{akhiran}@contoh.id",
        "password": "s4ndi-k0kOh!",
    }
    return klien.post("/api/v1/akun/daftar/", data, content_type="application/json", **meta)


def _daftar_html(klien: Client, akhiran: str, email: str | None = None) -> Any:
    data = {
        "nama_lengkap": f"Warga {akhiran}",
        "email": email or f"html.{akhiran}@contoh.id",
        "password": "s4ndi-k0kOh!",
        "password_ulang": "s4ndi-k0kOh!",
    }
    return klien.post("/daftar/", data)


def test_daftar_lewat_halaman_dibatasi_per_alamat_dan_isian_tetap_ada(batasi):
    batasi(daftar_ip="2/1h")
    a = _klien(IP_A)
    assert _daftar_html(a, "1").status_code == 302
    a.logout()
    assert _daftar_html(a, "2").status_code == 302
    a.logout()
    respons = _daftar_html(a, "3")
    _tunggu(respons, 3600)
    html = respons.content.decode()
    assert 'value="Warga 3"' in html and 'value="html.3@contoh.id"' in html
    assert not Pengguna.objects.filter(email="html.3@contoh.id").exists()
    assert _daftar_html(_klien(IP_B), "4").status_code == 302


def test_daftar_dibatasi_per_email_dari_alamat_mana_pun(batasi):
    batasi(daftar="1/1h")
    assert _daftar_api(_klien(IP_A), "x", email="incaran@contoh.id").status_code == 201
    _galat_api(_daftar_api(_klien(IP_B), "y", email="INCARAN@contoh.id"), 3600)
    _tunggu(_daftar_html(_klien("192.0.2.1"), "z", email="incaran@contoh.id"), 3600)


def test_daftar_api_dibatasi_per_alamat_dengan_format_galat_rumah(batasi):
    batasi(daftar_ip="1/1h")
    assert _daftar_api(_klien(IP_A), "1").status_code == 201
    _galat_api(_daftar_api(_klien(IP_A), "2"), 3600)
    assert _daftar_api(_klien(IP_B), "3").status_code == 201


def test_jendela_pendaftaran_terbuka_lagi_setelah_waktunya_lewat(batasi):
    batasi(daftar_ip="1/1h")
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC), tick=False) as mesin:
        assert _daftar_api(_klien(), "1").status_code == 201
        detik = int(_daftar_api(_klien(), "2")["Retry-After"])
        assert detik == 30 * 60
        mesin.shift(dt.timedelta(seconds=detik))
        assert _daftar_api(_klien(), "3").status_code == 201


# --- password reset: e-mail bombing -------------------------------------------------------------------------


def test_lupa_sandi_dibatasi_per_alamat_email_meski_berganti_ip(batasi, warga, mailoutbox):
    batasi(sandi_lupa="2/1h")
    for ip in (IP_A, IP_B):
        assert _klien(ip).post("/sandi/lupa/", {"email": warga.email}).status_code == 302
    respons = _klien("192.0.2.77").post("/sandi/lupa/", {"email": warga.email.upper()})
    _tunggu(respons, 3600)
    assert f'value="{warga.email.upper()}"' in respons.content.decode()
    assert len(mailoutbox) == 2


def test_lupa_sandi_dibatasi_per_ip_untuk_alamat_tak_dikenal_juga(batasi):
    batasi(sandi_lupa_ip="2/1h")
    a = _klien(IP_A)
    for i in range(2):
        assert a.post("/sandi/lupa/", {"email": f"tidak.ada{i}@contoh.id"}).status_code == 302
    _tunggu(a.post("/sandi/lupa/", {"email": "tidak.ada9@contoh.id"}), 3600)
    assert _klien(IP_B).post("/sandi/lupa/", {"email": "tidak.ada9@contoh.id"}).status_code == 302


# --- public submissions -------------------------------------------------------------------------------------


@pytest.fixture
def kategori(unit):  # type: ignore[no-untyped-def]
    return KategoriKeluhan.objects.create(kode="jalan-rusak", nama="Jalan rusak", unit_default=unit)


def _keluhan(judul: str) -> dict[str, str]:
    return {
        "kategori": "jalan-rusak",
        "judul": judul,
        "isi": "Lubang besar di depan sekolah.",
        "alamat": "Jalan Merdeka 3",
        "kontak_nama": "Rina",
        "kontak_email": "rina@contoh.id",
        "kunci_idempoten": f"kunci-{judul}-0123456789abcdef",
    }


def test_formulir_keluhan_dibatasi_per_alamat_dan_yang_diketik_tetap_ada(kategori, batasi):
    batasi(pengajuan_ip="1/1h")
    a = _klien(IP_A)
    assert a.post("/keluhan/baru/", _keluhan("Pertama")).status_code == 302
    respons = a.post("/keluhan/baru/", _keluhan("Kedua"))
    _tunggu(respons, 3600)
    html = respons.content.decode()
    assert 'value="Kedua"' in html and "Lubang besar di depan sekolah." in html
    assert Keluhan.objects.count() == 1
    assert _klien(IP_B).post("/keluhan/baru/", _keluhan("Ketiga")).status_code == 302


def test_formulir_keluhan_dibatasi_per_akun_dari_alamat_mana_pun(kategori, batasi, warga):
    batasi(pengajuan="1/1h")
    for ip, kode in ((IP_A, 302), (IP_B, 429)):
        klien = _klien(ip)
        klien.force_login(warga)
        respons = klien.post("/keluhan/baru/", _keluhan(f"dari-{ip}"))
        assert respons.status_code == kode
    assert int(respons["Retry-After"]) <= 3600


def test_kirim_akhir_wizard_dibatasi_dan_draf_tetap_tersimpan(unit, batasi):
    akta = buat_layanan_akta(unit)
    batasi(pengajuan_ip="1/1h")
    a = _klien(IP_A)
    kunci = _isi_wizard_tamu(a, akta)
    assert (
        a.post(
            f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci}
        ).status_code
        == 302
    )
    kunci = _isi_wizard_tamu(a, akta)
    respons = a.post(f"/layanan/{akta.kode}/ajukan/tinjau/", {"aksi": "kirim", "kunci_idempoten": kunci})
    _tunggu(respons, 3600)
    assert "Ani" in respons.content.decode()  # the review page again, with the draft's contact
    assert Tiket.objects.count() == 1
    assert a.get(f"/layanan/{akta.kode}/ajukan/tinjau/").status_code == 200  # the draft is still there


def test_api_keluhan_dibatasi_per_alamat_dan_per_akun(kategori, batasi, warga):
    batasi(pengajuan_ip="2/1h", pengajuan="1/1h")
    isian = {k: v for k, v in _keluhan("api").items() if k != "kunci_idempoten"}
    url = "/api/v1/keluhan/"
    a = _klien(IP_A)
    assert a.post(url, isian, content_type="application/json").status_code == 201
    assert a.post(url, isian, content_type="application/json").status_code == 201
    _galat_api(a.post(url, isian, content_type="application/json"), 3600)
    masuk = _klien(IP_B)
    masuk.force_login(warga)
    assert masuk.post(url, isian, content_type="application/json").status_code == 201
    _galat_api(masuk.post(url, isian, content_type="application/json"), 3600)


def test_api_permohonan_dibatasi_per_alamat_dan_alamat_lain_lolos(unit, batasi):
    buat_layanan_akta(unit)
    batasi(pengajuan_ip="1/1h")
    data = {"layanan": "tidak-ada"}
    url = "/api/v1/permohonan/"
    assert _klien(IP_A).post(url, data, content_type="application/json").status_code == 400
    _galat_api(_klien(IP_A).post(url, data, content_type="application/json"), 3600)
    assert _klien(IP_B).post(url, data, content_type="application/json").status_code == 400


# --- guest tracking: guessing numbers and tokens -----------------------------------------------------------


def test_cari_lacak_gagal_dihitung_ketat_per_alamat_lalu_429_dengan_isian_tetap(unit, batasi):
    batasi(lacak_gagal_ip="3/15m")
    baru = buat_tiket(unit)
    a = _klien(IP_A)
    for i in range(3):
        assert a.get("/lacak/", {"nomor": str(baru.tiket.nomor), "token": f"tebakan-{i}"}).status_code == 400
    # Even the right token is not looked up any more: the guesser cannot tell a hit from a refusal.
    respons = a.get("/lacak/", {"nomor": str(baru.tiket.nomor), "token": baru.token_lacak})
    _tunggu(respons, 15 * 60)
    assert f'value="{baru.tiket.nomor}"' in respons.content.decode()
    assert (
        _klien(IP_B).get("/lacak/", {"nomor": str(baru.tiket.nomor), "token": baru.token_lacak}).status_code
        == 302
    )


def test_pencarian_yang_berhasil_tidak_menghabiskan_batas_gagal(unit, batasi):
    batasi(lacak_gagal_ip="2/15m")
    baru = buat_tiket(unit)
    a = _klien(IP_A)
    for _ in range(6):
        assert a.get(f"/lacak/{baru.tiket.nomor}/", {"token": baru.token_lacak}).status_code == 200
    assert a.get("/lacak/", {"nomor": str(baru.tiket.nomor), "token": baru.token_lacak}).status_code == 302


def test_semua_pencarian_dihitung_longgar_per_alamat(unit, batasi):
    batasi(lacak_ip="3/15m")
    baru = buat_tiket(unit)
    a = _klien(IP_A)
    for _ in range(3):
        assert a.get(f"/lacak/{baru.tiket.nomor}/", {"token": baru.token_lacak}).status_code == 200
    _tunggu(a.get(f"/lacak/{baru.tiket.nomor}/", {"token": baru.token_lacak}), 15 * 60)


def test_tautan_lacak_dengan_token_salah_lalu_halaman_429_yang_tidak_membocorkan_token(unit, batasi):
    batasi(lacak_gagal_ip="2/15m")
    baru = buat_tiket(unit)
    a = _klien(IP_A)
    for i in range(2):
        assert a.get(f"/lacak/{baru.tiket.nomor}/", {"token": f"salah-{i}"}).status_code == 404
    for akhir in ("", "bagian/", "survei/"):
        respons = a.get(f"/lacak/{baru.tiket.nomor}/{akhir}", {"token": baru.token_lacak})
        _tunggu(respons, 15 * 60)
        assert respons["Referrer-Policy"] == "same-origin"
        assert "no-store" in respons["Cache-Control"]
    assert a.post(f"/lacak/{baru.tiket.nomor}/aksi/tanggapan/", {"token": "x"}).status_code == 429


def test_tebakan_lacak_dihitung_per_akun_dari_alamat_mana_pun(unit, batasi, warga):
    batasi(lacak_gagal="2/15m")
    baru = buat_tiket(unit)
    for ip in (IP_A, IP_B):
        klien = _klien(ip)
        klien.force_login(warga)
        assert klien.get(f"/lacak/{baru.tiket.nomor}/", {"token": "salah"}).status_code == 404
    klien = _klien("192.0.2.33")
    klien.force_login(warga)
    _tunggu(klien.get(f"/lacak/{baru.tiket.nomor}/", {"token": baru.token_lacak}), 15 * 60)


# --- the satisfaction survey by guest token ----------------------------------------------------------------


def test_survei_tamu_dibatasi_per_tiket_dan_jawaban_tetap_terisi(unit, petugas, batasi):
    batasi(survei="1/1h")
    baru = tiket_selesai(unit, petugas)
    url = f"/lacak/{baru.tiket.nomor}/survei/"
    kurang = {"u1": "4", "token": baru.token_lacak, "saran": "Antrean rapi"}
    assert _klien(IP_A).post(url, kurang).status_code == 400
    respons = _klien(IP_B).post(url, {**JAWABAN, "token": baru.token_lacak, "saran": "Antrean rapi"})
    _tunggu(respons, 3600)
    html = respons.content.decode()
    assert "Antrean rapi" in html
    assert re.search(r'name="u8" value="1"[^>]*checked', html)
    assert not SurveiKepuasan.objects.exists()


def test_survei_dibatasi_per_alamat_atas_banyak_tiket(unit, petugas, batasi):
    batasi(survei_ip="1/1h")
    pertama, kedua = tiket_selesai(unit, petugas), tiket_selesai(unit, petugas)
    a = _klien(IP_A)
    assert (
        a.post(f"/lacak/{pertama.tiket.nomor}/survei/", {**JAWABAN, "token": pertama.token_lacak}).status_code
        == 303
    )
    _tunggu(a.post(f"/lacak/{kedua.tiket.nomor}/survei/", {**JAWABAN, "token": kedua.token_lacak}), 3600)
    b = _klien(IP_B)
    assert (
        b.post(f"/lacak/{kedua.tiket.nomor}/survei/", {**JAWABAN, "token": kedua.token_lacak}).status_code
        == 303
    )


# --- Open311 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_post_dibatasi_per_alamat_dalam_format_galatnya(unit, batasi, fmt):
    buat_aplikasi()
    buat_layanan_sederhana(unit)
    batasi(open311_ip="2/1m")
    a = _klien(IP_A)
    url = f"/open311/v2/requests.{fmt}"
    assert [a.post(url, data_permintaan()).status_code for _ in range(2)] == [201, 201]
    assert a.get("/open311/v2/services.json").status_code == 200  # reading is not counted
    respons = a.post(url, data_permintaan())
    _tunggu(respons, 60)
    teks = respons.content.decode()
    assert ('"code": 429' in teks) if fmt == "json" else ("<code>429</code>" in teks)
    assert _klien(IP_B).post(url, data_permintaan()).status_code == 201


def test_open311_batas_per_kunci_tetap_berlaku_dari_banyak_alamat(unit):
    aplikasi = buat_aplikasi()
    buat_layanan_sederhana(unit)
    AplikasiOpen311.objects.filter(pk=aplikasi.pk).update(batas_per_menit=1)
    assert _klien(IP_A).post("/open311/v2/requests.json", data_permintaan()).status_code == 201
    _tunggu(_klien(IP_B).post("/open311/v2/requests.json", data_permintaan()), 60)


# --- guest tokens: long enough that guessing is hopeless ----------------------------------------------------

_URLSAFE = set(string.ascii_letters + string.digits + "-_")


def _bit(token: str) -> int:
    """Entropy of a `secrets.token_urlsafe` string: 6 bits per base64url character."""
    assert set(token) <= _URLSAFE, token
    return len(token) * 6


def test_token_lacak_paling_sedikit_128_bit_dan_hanya_hashnya_disimpan(unit):
    tokens = {buat_tiket(unit).token_lacak for _ in range(5)}
    assert len(tokens) == 5
    assert all(_bit(t) >= 192 for t in tokens)  # secrets.token_urlsafe(24), as the README states
    for t in Tiket.objects.all():
        assert all(tok not in t.token_lacak_hash for tok in tokens)


def test_token_dibandingkan_dalam_waktu_tetap(unit, monkeypatch):
    from antrian.selectors import tiket as selektor

    dipanggil: list[tuple[str, str]] = []
    asli = selektor.hmac.compare_digest

    def mata_mata(a: str, b: str) -> bool:
        dipanggil.append((a, b))
        return asli(a, b)

    monkeypatch.setattr(selektor.hmac, "compare_digest", mata_mata)
    baru = buat_tiket(unit)
    assert selektor.token_cocok(baru.tiket, baru.token_lacak)
    assert not selektor.token_cocok(baru.tiket, "tebakan")
    assert len(dipanggil) == 2


def test_token_open311_dan_kunci_api_paling_sedikit_128_bit(unit):
    buat_aplikasi()
    buat_layanan_sederhana(unit)
    assert _klien().post("/open311/v2/requests.json", data_permintaan()).status_code == 201
    assert _bit(PermintaanOpen311.objects.get().token) >= 144
    kunci = AplikasiOpen311(nama="x", kontak="x@contoh.id").kunci_baru()
    assert kunci.startswith("o311_") and _bit(kunci.removeprefix("o311_")) >= 240


def test_subjek_pendaftaran_adalah_email_atau_telepon_dalam_satu_ejaan():
    # "0812…" and "+62812…" are one phone, "A@Contoh.ID" and "a@contoh.id" one address: one count each.
    assert batas.identitas_daftar("", "") is None
    assert batas.identitas_daftar("A@Contoh.ID", "") == "a@contoh.id"
    assert batas.identitas_daftar("", "0812 3456 7890") == batas.identitas_daftar("", "+6281234567890")
