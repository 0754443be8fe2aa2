"""The design system's template tags (frontend/templatetags/ui.py, ui_dasbor.py) as pages use them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.translation import gettext

from antrian.models import Status, Unit


@pytest.fixture(autouse=True)
def _bahasa_indonesia():  # type: ignore[no-untyped-def]
    with translation.override("id"):
        yield


def render(teks: str, **konteks: object) -> str:
    return Template("{% load ui ui_dasbor %}" + teks).render(Context(konteks))


class FormUji(forms.Form):
    nama = forms.CharField(label="Nama lengkap", help_text="Sesuai KTP-el.", max_length=10)
    setuju = forms.BooleanField(label="Saya setuju")
    jenis = forms.ChoiceField(
        label="Jenis", choices=[("a", "Pilihan A"), ("b", "Pilihan B")], widget=forms.RadioSelect
    )


# --- bidang / ringkasan_galat ---------------------------------------------------------------------------


def test_bidang_dengan_galat_terhubung_ke_pembaca_layar():
    form = FormUji(data={"nama": "x" * 11})
    html = render("{% bidang form.nama %}", form=form)
    assert '<label for="id_nama" class="wajib">Nama lengkap</label>' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_nama-bantuan id_nama-galat"' in html
    assert '<span class="bantuan" id="id_nama-bantuan">Sesuai KTP-el.</span>' in html
    galat = re.search(r'<span class="galat-bidang" id="id_nama-galat">(.*?)</span>', html, re.S)
    assert galat and form.errors["nama"][0] in galat.group(1)
    assert "bidang bidang-galat" in html
    # The value the citizen typed is kept.
    assert 'value="xxxxxxxxxxx"' in html


def test_bidang_tanpa_galat_tidak_ditandai_salah():
    form = FormUji(data={"nama": "Siti", "setuju": "on", "jenis": "a"})
    assert form.is_valid()
    html = render("{% bidang form.nama %}", form=form)
    assert "aria-invalid" not in html
    assert 'aria-describedby="id_nama-bantuan"' in html
    assert "galat-bidang" not in html


def test_bidang_kotak_centang_dan_pilihan_ganda():
    form = FormUji(data={})
    kotak = render("{% bidang form.setuju %}", form=form)
    assert '<div class="pilihan"><input type="checkbox"' in kotak
    assert '<label for="id_setuju">Saya setuju<span class="wajib"></span></label>' in kotak
    assert 'class="galat-bidang" id="id_setuju-galat"' in kotak
    pilihan = render("{% bidang form.jenis %}", form=form)
    assert pilihan.startswith('<fieldset class="bidang bidang-galat"')
    assert "<legend>Jenis" in pilihan
    assert pilihan.count('<div class="pilihan">') == 2


def test_ringkasan_galat_menautkan_setiap_galat_ke_bidangnya():
    form = FormUji(data={"nama": ""})
    html = render("{% ringkasan_galat form %}", form=form)
    assert 'role="alert"' in html
    assert "Mohon perbaiki hal berikut:" in html
    assert f'<a href="#id_nama">Nama lengkap: {gettext("This field is required.")}</a>' in html
    assert 'href="#id_setuju"' in html
    # An unbound form (first display) shows no summary.
    assert render("{% ringkasan_galat form %}", form=FormUji()).strip() == ""


# --- tenggat: the countdown text --------------------------------------------------------------------------


def test_tenggat_menghitung_mundur_dalam_hari_dan_jam():
    tenggat = timezone.now() + dt.timedelta(days=2, hours=3, seconds=30)
    html = render("{% tenggat t u %}", t=tenggat, u=Unit(zona_waktu=""))
    assert ">sisa 2 hari 3 jam</time>" in html
    assert f'data-tenggat="{tenggat.isoformat()}"' in html
    assert 'class="tenggat"' in html


def test_tenggat_kurang_dari_sehari_dalam_jam_dan_menit():
    html = render("{% tenggat t %}", t=timezone.now() + dt.timedelta(hours=4, minutes=10, seconds=30))
    assert ">sisa 4 jam 10 menit</time>" in html


def test_tenggat_lewat_ditandai():
    html = render("{% tenggat t %}", t=timezone.now() - dt.timedelta(minutes=45, seconds=10))
    assert 'class="tenggat lewat"' in html
    assert ">lewat 45 menit</time>" in html


def test_tanpa_tenggat():
    assert render("{% tenggat t %}", t=None) == '<span class="redup">tanpa tenggat</span>'


# --- waktu / tanggal in the unit's zone --------------------------------------------------------------------

SAAT = dt.datetime(2026, 11, 28, 7, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zona", "diharapkan"),
    [
        ("", "2026 14.05 WIB"),
        ("Asia/Jakarta", "2026 14.05 WIB"),
        ("Asia/Makassar", "2026 15.05 WITA"),
        ("Asia/Jayapura", "2026 16.05 WIT"),
    ],
)
def test_waktu_dalam_zona_unit(zona, diharapkan):
    teks = render("{{ t|waktu:u }}", t=SAAT, u=Unit(zona_waktu=zona))
    assert teks.startswith("28 Nov")
    assert teks.endswith(diharapkan)


def test_waktu_tanpa_unit_memakai_zona_portal_dan_tanggal_bisa_berganti():
    malam = dt.datetime(2026, 9, 28, 20, 5, tzinfo=dt.UTC)
    assert render("{{ t|waktu }}", t=malam).endswith("2026 03.05 WIB")
    assert render("{{ t|waktu }}", t=malam).startswith("29 ")
    assert render("{{ t|tanggal:u }}", t=malam, u=Unit(zona_waktu="Asia/Jayapura")) == "29 September 2026"
    assert render("{{ t|waktu }}", t=None) == ""


# --- the rest of ui.py ------------------------------------------------------------------------------


def test_lencana_status_dan_rupiah():
    assert render("{% lencana_status s %}", s=Status.MENUNGGU_WARGA) == (
        f'<span class="lencana status-menunggu_warga">{Status.MENUNGGU_WARGA.label}</span>'
    )
    assert render("{{ b|rupiah }}", b=Decimal("750000")) == "Rp 750.000"
    assert render("{{ b|rupiah }}", b=0) == "Gratis"


# --- ui_dasbor -----------------------------------------------------------------------------------------


def test_hitungan_memakai_pemisah_ribuan_bahasa_halaman():
    assert render("{{ n|hitungan }}", n=1234567) == "1.234.567"
    assert render("{{ n|hitungan }}", n=None) == "0"
    with translation.override("en"):
        assert render("{{ n|hitungan }}", n=1234567) == "1,234,567"


def test_jam_dan_atribut_zona_dasbor():
    assert render("{{ t|jam }}", t=SAAT) == "14.05.00 WIB"
    assert render("{% atribut_zona %}") == 'data-zona="Asia/Jakarta" data-singkatan="WIB"'


def test_judul_situs_menambah_nama_portal_hanya_bila_halaman_berjudul():
    from frontend.templatetags.ui import judul_situs

    assert judul_situs("Dasbor") == "Dasbor · SIGAP Tubei"
    assert judul_situs("  \n ") == "SIGAP Tubei"
