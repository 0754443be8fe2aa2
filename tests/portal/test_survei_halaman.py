"""The citizen's survey page and the invitation on the tracking page, through the test client (no JS).

Expected texts are looked up through gettext, so the tests hold with or without the Indonesian catalogue
entries of the survey's messages."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.translation import gettext as _

from antrian.models import SurveiKepuasan
from tests.antrian.factories import buat_tiket
from tests.antrian.test_survei import JAWABAN, tiket_selesai

pytestmark = pytest.mark.django_db

AJAKAN = 'id="ajakan-survei"'
TERIMA_KASIH = 'id="survei-terima-kasih"'


def _url(nomor: object) -> str:
    return f"/lacak/{nomor}/survei/"


def _klien(pengguna: object) -> Client:
    klien = Client()
    klien.force_login(getattr(pengguna, "pengguna", pengguna))  # type: ignore[arg-type]
    return klien


def test_tamu_membuka_formulir_sembilan_pertanyaan_dengan_skala_empat(client, unit, petugas):
    baru = tiket_selesai(unit, petugas)
    respons = client.get(_url(baru.tiket.nomor), {"token": baru.token_lacak})
    assert respons.status_code == 200
    html = respons.content.decode()
    assert html.count("<fieldset") == 9
    assert html.count("<legend>") == 9
    for u in JAWABAN:
        assert len(re.findall(rf'type="radio" name="{u}" value="[1-4]"', html)) == 4
    assert _("Not appropriate") in html and _("Very appropriate") in html
    assert _("Very expensive") in html and _("Free of charge") in html
    assert _("Not easy") in html and _("Very fast") in html
    assert _("Your answers are anonymous to officers.") in html
    # The token travels in the form body, never in the action's URL.
    assert f'<input type="hidden" name="token" value="{baru.token_lacak}">' in html
    assert f'action="/lacak/{baru.tiket.nomor}/survei/"' in html
    assert 'name="saran"' in html
    assert "no-store" in respons["Cache-Control"]
    assert respons["Referrer-Policy"] == "same-origin"


def test_tamu_mengirim_jawaban_lalu_kembali_ke_halaman_lacak_dengan_terima_kasih(client, unit, petugas):
    baru = tiket_selesai(unit, petugas)
    nomor = baru.tiket.nomor
    respons = client.post(_url(nomor), {**JAWABAN, "saran": "Ramah", "token": baru.token_lacak})
    assert respons.status_code == 303
    assert respons["Location"] == f"/lacak/{nomor}/?token={baru.token_lacak}"
    simpan = SurveiKepuasan.objects.get(tiket=baru.tiket)
    assert (simpan.u4, simpan.u8, simpan.saran) == (4, 1, "Ramah")
    html = client.get(respons["Location"]).content.decode()
    assert _("Thank you for answering the survey. Your answers help the unit improve its service.") in html
    assert TERIMA_KASIH in html
    assert AJAKAN not in html


def test_jawaban_kurang_menampilkan_ringkasan_galat_dan_galat_per_pertanyaan(client, unit, petugas):
    baru = tiket_selesai(unit, petugas)
    data = {"u1": "4", "u2": "9", "token": baru.token_lacak, "saran": "tetap ada"}
    respons = client.post(_url(baru.tiket.nomor), data)
    assert respons.status_code == 400
    html = respons.content.decode()
    assert 'class="ringkasan-galat"' in html
    # Each summary entry links to the first option of its question, which exists on the page.
    for u in ("u2", "u3", "u9"):
        assert f'href="#id_{u}_0"' in html  # the group's first option
        assert f'id="id_{u}_0"' in html
    assert html.count('class="galat-bidang"') == 8
    assert _("Choose one answer.") in html
    assert 'value="4" aria-invalid' not in html  # u1 was fine
    assert re.search(r'name="u1" value="4"[^>]*checked', html)  # the valid answer is kept
    assert "tetap ada" in html
    assert not SurveiKepuasan.objects.exists()


def test_warga_pemilik_dengan_akun_mengisi_tanpa_token(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    klien = _klien(warga)
    assert klien.get(_url(baru.tiket.nomor)).status_code == 200
    respons = klien.post(_url(baru.tiket.nomor), JAWABAN)
    assert respons.status_code == 303
    assert respons["Location"] == f"/lacak/{baru.tiket.nomor}/"
    assert SurveiKepuasan.objects.filter(tiket=baru.tiket).count() == 1


def test_kirim_dua_kali_tersimpan_sekali_dan_kembali_dengan_keterangan(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    klien = _klien(warga)
    assert klien.post(_url(baru.tiket.nomor), JAWABAN).status_code == 303
    kedua = klien.post(_url(baru.tiket.nomor), {**JAWABAN, "u1": "1"}, follow=True)
    assert kedua.redirect_chain[0][1] == 303
    assert _("The survey for this ticket has already been answered. Thank you.") in kedua.content.decode()
    assert SurveiKepuasan.objects.get(tiket=baru.tiket).u1 == 4
    # Opening the form again leads back to the ticket as well.
    assert klien.get(_url(baru.tiket.nomor)).status_code == 303


def test_token_salah_dan_warga_lain_mendapat_404(client, unit, warga, warga_lain, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    assert client.get(_url(baru.tiket.nomor), {"token": "salah"}).status_code == 404
    assert client.post(_url(baru.tiket.nomor), {**JAWABAN, "token": "salah"}).status_code == 404
    assert _klien(warga_lain).post(_url(baru.tiket.nomor), JAWABAN).status_code == 404
    assert client.get(_url("TIDAK-ADA")).status_code == 404
    assert not SurveiKepuasan.objects.exists()


def test_petugas_unit_tidak_bisa_mengisi_403(unit, warga, petugas):
    baru = tiket_selesai(unit, petugas, warga)
    klien = _klien(petugas)
    respons = klien.get(_url(baru.tiket.nomor))
    assert respons.status_code == 403
    assert _("Only the citizen who filed this ticket can answer its survey.") in respons.content.decode()
    assert klien.post(_url(baru.tiket.nomor), JAWABAN).status_code == 403
    assert not SurveiKepuasan.objects.exists()


def test_tiket_belum_selesai_409_dengan_penjelasan(client, unit):
    baru = buat_tiket(unit)
    respons = client.get(_url(baru.tiket.nomor), {"token": baru.token_lacak})
    assert respons.status_code == 409
    assert _("The survey can be answered once the ticket has been completed.") in respons.content.decode()
    assert client.post(_url(baru.tiket.nomor), {**JAWABAN, "token": baru.token_lacak}).status_code == 409
    assert not SurveiKepuasan.objects.exists()


# --- the invitation on the tracking page ------------------------------------------------------------------


def test_ajakan_survei_tampil_di_halaman_lacak_dan_bagian_langsung_saat_selesai(client, unit, petugas):
    baru = tiket_selesai(unit, petugas)
    nomor, token = baru.tiket.nomor, baru.token_lacak
    for alamat in (f"/lacak/{nomor}/", f"/lacak/{nomor}/bagian/"):
        html = client.get(alamat, {"token": token}).content.decode()
        assert AJAKAN in html
        assert f'href="/lacak/{nomor}/survei/?token={token}"' in html
        assert _("Fill in the satisfaction survey") in html
        assert TERIMA_KASIH not in html
    # The live part still refreshes itself on every event.
    assert 'hx-get="/lacak/' in client.get(f"/lacak/{nomor}/", {"token": token}).content.decode()


def test_ajakan_survei_tidak_tampil_sebelum_selesai_atau_untuk_petugas(client, unit, warga, petugas):
    terbuka = buat_tiket(unit)
    html = client.get(f"/lacak/{terbuka.tiket.nomor}/", {"token": terbuka.token_lacak}).content.decode()
    assert AJAKAN not in html and TERIMA_KASIH not in html
    selesai = tiket_selesai(unit, petugas, warga)
    html = _klien(petugas).get(f"/lacak/{selesai.tiket.nomor}/").content.decode()
    assert AJAKAN not in html and TERIMA_KASIH not in html
    assert AJAKAN in _klien(warga).get(f"/lacak/{selesai.tiket.nomor}/").content.decode()
