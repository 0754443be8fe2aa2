"""The authorisation matrix: every route of the URL map x every actor x every method, outcome written down.

`RUTE` (HTTP) and `RUTE_WS` (websockets) are checked against `django.urls.get_resolver()` and
`antrian.routing.websocket_urlpatterns`: a route without a row, or a row for a route that no longer
exists, fails `test_setiap_rute_punya_baris...`. The admin tree is generated from the admin site's
registry (`test_admin_model`). Each case asserts the status code, and (tests.keamanan._matriks_periksa):
- no answer to anyone but the reporter carries a reporter's identity (every tiket here is confidential);
- an actor who may not see a tiket never gets its title, nor its number unless the URL carried it;
- an allowed answer shows the thing asked for (the tiket's number, or the row's marker);
- a refused request that could change state changed nothing (statuses, versions, events, replies...).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from antrian.models import Tiket
from tests.keamanan._matriks import (
    AKTOR,
    APP_TIKET,
    BERHASIL,
    JENIS_ADMIN,
    LOGIN,
    SANDI,
    Dunia,
    bangun,
    harapan,
    harapan_admin,
    isi,
    jejak,
    url_admin,
)
from tests.keamanan._matriks_halaman import LACAK, RUTE_HALAMAN, RUTE_LAIN, SURVEI, keluhan
from tests.keamanan._matriks_periksa import (
    Baris,
    aksi_api,
    api,
    data,
    kirim,
    periksa_isi,
    publik,
    rute_admin,
    rute_http,
    teks,
    tetap,
    tidak_bocor,
)

API_MASUK = {"tanpa_akun": 401}
STAF_ATAS = ("petugas", "supervisor", "manajer", "admin")

# Who may do what does not depend on the database: the ~1,500 HTTP cases run on the embedded pass (CI's
# first) and the PostgreSQL pass keeps its time for the faults and the fuzzing; the websocket matrix
# (test_matriks_websocket.py) runs on both.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="matriks HTTP berjalan pada lintasan bawaan (SQLite)"
)


RUTE_API: dict[str, Baris] = {
    # --- API v1: the queue, the citizen's list, notifications ------------------------------------------
    "antrian_api:antrian": Baris(
        tetap("/api/v1/antrian/"),
        {"GET": harapan(403, **API_MASUK, staf=200, atas=200)},
        tanda_untuk=STAF_ATAS,
    ),
    "antrian_api:antrian-klaim": Baris(
        tetap("/api/v1/antrian/klaim/"),
        {"POST": harapan(403, **API_MASUK, unit=200, lain=404)},
        data=data({}),
        json=True,
        tanda=teks("versi"),
        tanda_untuk=("petugas", "supervisor"),
    ),
    "antrian_api:unit-petugas": Baris(
        lambda d, a: f"/api/v1/unit/{d.unit.kode}/petugas/",
        {"GET": harapan(403, **API_MASUK, unit=200, lain=404, atas=200)},
        tanda=teks("Pak Kedua"),
        tanda_untuk=STAF_ATAS,
    ),
    "antrian_api:tiket-saya": Baris(
        tetap("/api/v1/tiket-saya/"), {"GET": harapan(200, **API_MASUK)}, tanda_untuk=("warga_a",)
    ),
    "antrian_api:notifikasi": Baris(
        tetap("/api/v1/notifikasi/"), {"GET": harapan(200, **API_MASUK)}, tanda_untuk=("petugas",)
    ),
    "antrian_api:notifikasi-dibaca": Baris(
        lambda d, a: f"/api/v1/notifikasi/{d.notifikasi_id}/dibaca/",
        {"POST": harapan(404, **API_MASUK, petugas=200)},
        data=data({}),
        json=True,
        tanda_untuk=("petugas",),
    ),
    # --- API v1: one tiket and its lifecycle actions -------------------------------------------------
    # No PUT/PATCH/DELETE at all: the method is refused before the tiket is even looked up.
    "antrian_api:tiket-detail": Baris(
        api(), {"GET": LACAK, "PUT": harapan(405), "DELETE": harapan(405)}, data=data({}), header_token=True
    ),
    "antrian_api:tiket-lampiran": Baris(
        lambda d, a: api(f"lampiran/{d.subjek(a).lampiran_id}/")(d, a),
        {"GET": LACAK},
        header_token=True,
        tanda=teks("PNG"),
    ),
    "antrian_api:tiket-survei": Baris(
        api("survei/", "selesai"),
        {
            "GET": harapan(404, pemilik=200, unit=403, atas=403),
            "POST": harapan(404, pemilik=201, unit=403, atas=403),
        },
        data=data({**SURVEI, "saran": "Cepat."}),
        json=True,
        header_token=True,
        status="selesai",
        tanda=teks("u9"),
        tanda_untuk=("warga_a", "tamu_benar"),
    ),
    "antrian_api:tiket-ambil": aksi_api("ambil", "diajukan", {"unit": 200}),
    "antrian_api:tiket-tugaskan": aksi_api(
        "tugaskan", "diajukan", {"supervisor": 200}, lambda d, a: {"petugas": d.petugas_kedua.pk}
    ),
    "antrian_api:tiket-tugaskan-ulang": aksi_api(
        "tugaskan-ulang",
        "ditugaskan",
        {"supervisor": 200},
        lambda d, a: {"petugas": d.petugas_kedua.pk, "alasan": "Cuti."},
    ),
    "antrian_api:tiket-lepaskan": aksi_api("lepaskan", "ditugaskan", {"unit": 200}),
    "antrian_api:tiket-mulai": aksi_api("mulai", "ditugaskan", {"petugas": 200}),
    "antrian_api:tiket-minta-kelengkapan": aksi_api(
        "minta-kelengkapan", "diproses", {"petugas": 200}, data({"pesan": "Mohon foto KTP."})
    ),
    "antrian_api:tiket-lengkapi": aksi_api(
        "lengkapi", "menunggu_warga", {"pemilik": 200}, data({"pesan": "Ini."})
    ),
    "antrian_api:tiket-selesaikan": aksi_api(
        "selesaikan", "diproses", {"petugas": 200}, data({"catatan": "Beres."})
    ),
    "antrian_api:tiket-buka-kembali": aksi_api(
        "buka-kembali", "selesai", {"pemilik": 200}, data({"alasan": "Belum beres."})
    ),
    "antrian_api:tiket-tutup": aksi_api("tutup", "selesai", {"pemilik": 200}),
    "antrian_api:tiket-tolak": aksi_api(
        "tolak", "diajukan", {"unit": 200}, data({"alasan": "spam", "catatan": "Iklan."})
    ),
    "antrian_api:tiket-batalkan": aksi_api("batalkan", "diajukan", {"pemilik": 200}),
    "antrian_api:tiket-alihkan": aksi_api(
        "alihkan",
        "diajukan",
        {"supervisor": 200},
        lambda d, a: {"unit": d.unit_lain.kode, "alasan": "Bukan wewenang."},
    ),
    "antrian_api:tiket-tanggapan": aksi_api(
        "tanggapan", "diajukan", {"unit": 201, "pemilik": 201}, data({"isi": "Kabar?"})
    ),
    # --- API v1: catalogue, submissions, accounts ----------------------------------------------------
    "layanan-daftar": publik("/api/v1/layanan/", "lampu-jalan"),
    "layanan-rinci": publik("/api/v1/layanan/lampu-jalan/", "Nomor tiang"),
    "kategori-keluhan-list": publik("/api/v1/kategori-keluhan/", "jalan-rusak"),
    "permohonan-ajukan": publik(
        "/api/v1/permohonan/",
        "token_lacak",
        {"POST": harapan(201)},
        json=True,
        data=lambda d, a: (
            {"layanan": d.layanan_kode, "jawaban": {"tiang": "T-1", "jenis": "led"}}
            | {"kontak_nama": "Pengaju", "kontak_email": "pengaju@contoh.id"}
        ),
    ),
    "keluhan-ajukan": publik(
        "/api/v1/keluhan/", "token_lacak", {"POST": harapan(201)}, json=True, data=keluhan
    ),
    "portal_api:akun-daftar": publik(
        "/api/v1/akun/daftar/",
        "Baru",
        {"POST": harapan(201)},
        json=True,
        data=lambda d, a: {
            "nama_lengkap": "Baru",
            "email": f"baru-{a}@contoh.id",
            "password": "Sandi-baru-2026!",
        },
    ),
    "portal_api:akun-token": publik(
        "/api/v1/akun/token/",
        None,
        {"POST": harapan(200, tanpa_akun=400)},
        json=True,
        data=lambda d, a: {"username": a if d.pengguna.get(a) else "siapa", "password": SANDI},
    ),
    "portal_api:akun-saya": Baris(
        tetap("/api/v1/akun/saya/"), {"GET": harapan(200, **API_MASUK)}, tanda_untuk=()
    ),
    "portal_api:akun-data-saya": Baris(
        tetap("/api/v1/akun/data-saya/"), {"GET": harapan(200, **API_MASUK)}, tanda_untuk=("warga_a",)
    ),
}
RUTE: dict[str, Baris] = {**RUTE_API, **RUTE_HALAMAN, **RUTE_LAIN}


def test_setiap_rute_punya_baris_dan_setiap_baris_punya_rute() -> None:
    rute = set(rute_http())
    assert not sorted(rute - set(RUTE)), f"routes without a row in the matrix: {sorted(rute - set(RUTE))}"
    assert not sorted(set(RUTE) - rute), f"rows for routes that no longer exist: {sorted(set(RUTE) - rute)}"


# --- the data, built once for the module ----------------------------------------------------------------


@pytest.fixture(scope="module")
def dunia(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Dunia]:
    """Built once; every test runs inside it (its own savepoint) and the whole is rolled back at the end.
    Uploaded files live in one folder for the module (the suite's per-test folder would lose them)."""
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        d = bangun()
        d.masuk_semua()
        yield d
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_sementara() -> None:
    """Replaces the suite's per-test media folder: the module's (see `dunia`) holds the fixture files."""


@pytest.fixture(autouse=True)
def _batas_tidak_terpicu() -> None:
    # Rate limits (login, submissions, tracking) count per client address: every case starts afresh.
    cache.clear()


def _kasus() -> Iterator[Any]:
    for nama, baris in RUTE.items():
        for metode in baris.metode:
            for aktor in AKTOR:
                yield pytest.param(nama, metode, aktor, id=f"{nama}-{metode}-{aktor}")


@pytest.mark.django_db
@pytest.mark.parametrize(("nama", "metode", "aktor"), list(_kasus()))
def test_matriks(dunia: Dunia, nama: str, metode: str, aktor: str) -> None:
    baris = RUTE[nama]
    harap = baris.metode[metode][aktor]
    sebelum = jejak() if metode != "GET" else None
    respons, alamat = kirim(dunia, baris, metode, aktor)
    if harap == LOGIN:
        assert respons.status_code == 302, f"{nama}: {respons.status_code}"
        assert respons["Location"].startswith("/masuk/"), respons["Location"]
    else:
        assert respons.status_code == harap, (
            f"{nama} {metode} as {aktor}: {respons.status_code} {isi(respons)[:300]}"
        )
    periksa_isi(dunia, baris, aktor, respons, alamat, nama)
    if sebelum is not None and (harap == LOGIN or harap not in BERHASIL | {302}):
        assert jejak() == sebelum, f"{nama}: a refused {metode} by {aktor} changed something"


# --- the admin tree, generated from the admin site's registry ------------------------------------------

MODEL_ADMIN = sorted(admin.site._registry.items(), key=lambda mm: mm[0]._meta.label)
ADMIN_LAIN = {"index", "login", "logout", "password_change", "password_change_done", "autocomplete"} | {
    "jsi18n",
    "view_on_site",
    "app_list",
    "antrian_tiket_identitas",
    "(?P<url>.*)$",
    "auth_user_password_change",
}


def test_setiap_rute_admin_tercakup() -> None:
    model = {f"{m._meta.app_label}_{m._meta.model_name}_{j}" for m, _ma in MODEL_ADMIN for j in JENIS_ADMIN}
    # Django's old-style object URL, a redirect to the change view (tested through that view).
    model |= {f"{m._meta.app_label}/{m._meta.model_name}/<path:object_id>/" for m, _ma in MODEL_ADMIN}
    sisa = set(rute_admin()) - model - ADMIN_LAIN
    assert not sisa, f"admin URLs the matrix does not cover: {sorted(sisa)}"


@pytest.mark.django_db
@pytest.mark.parametrize("aktor", AKTOR)
@pytest.mark.parametrize("model", [m for m, _ma in MODEL_ADMIN], ids=lambda m: m._meta.label)
def test_admin_model(dunia: Dunia, model: Any, aktor: str) -> None:
    """Changelist, add, change, delete and history of every registered model: a superuser gets what the
    ModelAdmin allows, everyone else the admin's login page; no confidential reporter shows to anyone."""
    klien = dunia.klien(aktor)
    for jenis in JENIS_ADMIN:
        alamat, obj = url_admin(model, jenis)
        respons = klien.get(alamat)
        if aktor == "admin":
            harap = harapan_admin(admin.site._registry[model], jenis, obj, dunia.pengguna["admin"])
            assert respons.status_code == harap, f"{alamat}: {respons.status_code}"
        else:
            assert respons.status_code == 302 and respons["Location"].startswith("/admin/login/"), alamat
        if aktor != "admin" or model._meta.app_label in APP_TIKET:
            tidak_bocor(dunia, "manajer" if aktor == "admin" else aktor, isi(respons), alamat, alamat)


@pytest.mark.django_db
@pytest.mark.parametrize("aktor", AKTOR)
def test_admin_lain(dunia: Dunia, aktor: str) -> None:
    """The admin's own pages: the staff-only ones send everyone else to its login; the reveal of a
    confidential reporter is a superuser's only (its POST is in test_identitas_rahasia)."""
    klien = dunia.klien(aktor)
    tiket = dunia.subjek("warga_a").tiket
    staf = ["/admin/", "/admin/antrian/", "/admin/password_change/", "/admin/password_change/done/"]
    staf += ["/admin/jsi18n/", f"/admin/antrian/tiket/{tiket.pk}/identitas/", "/admin/tidak-ada/"]
    staf += [f"/admin/portal/pengguna/{dunia.pengguna['warga_b'].pk}/password/"]  # type: ignore[union-attr]
    # A tiket has no public URL: view_on_site has nowhere to send even a superuser.
    staf += [f"/admin/r/{ContentType.objects.get_for_model(Tiket).pk}/{tiket.pk}/"]
    for alamat in staf:
        respons = klien.get(alamat)
        if aktor == "admin":
            assert respons.status_code == (404 if "tidak-ada" in alamat or "/r/" in alamat else 200), alamat
        else:
            assert respons.status_code == 302 and respons["Location"].startswith("/admin/login/"), alamat
        tidak_bocor(dunia, "manajer" if aktor == "admin" else aktor, isi(respons), alamat, alamat)
    assert klien.get("/admin/login/").status_code == (302 if aktor == "admin" else 200)
    # POST only (a link cannot log anyone out); staff-only like the rest.
    assert klien.get("/admin/logout/").status_code == (405 if aktor == "admin" else 302)
    autocomplete = "/admin/autocomplete/?app_label=antrian&model_name=tiket&field_name=unit"
    assert klien.get(autocomplete).status_code == (200 if aktor == "admin" else 302)
