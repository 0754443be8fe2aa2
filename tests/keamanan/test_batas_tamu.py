"""Abuse limits (portal.batas) on the guest doors: tracking lookups (guessed numbers and tokens), the
satisfaction survey by guest token and Open311 POSTs; and guest tokens long enough that guessing is
hopeless.

Limits are set low per test through ``settings.BATAS`` (the ``batasi`` fixture) so each test shows the edge
in a few requests.
"""

from __future__ import annotations

import re
import string

import pytest

from antrian.models import SurveiKepuasan, Tiket
from portal import batas
from portal.models import AplikasiOpen311, PermintaanOpen311
from tests.antrian.factories import buat_tiket
from tests.antrian.test_survei import JAWABAN, tiket_selesai
from tests.keamanan._batas_umum import IP_A, IP_B, _klien, _tunggu
from tests.portal.open311_bantu import buat_aplikasi, buat_layanan_sederhana, data_permintaan

pytestmark = pytest.mark.django_db


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
