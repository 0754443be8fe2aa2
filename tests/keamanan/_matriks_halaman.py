"""Rows of the authorisation matrix for the HTML pages: the officer's workspace, the dashboards and
metrics pages, the citizen's portal and accounts. `test_matriks_otorisasi` joins them to the API rows;
the row format and the checks are in `_matriks_periksa`."""

from __future__ import annotations

import uuid
from typing import Any

from tests.keamanan._matriks import AKTOR, LOGIN, SANDI, Dunia, harapan
from tests.keamanan._matriks_periksa import (
    SEMUA_200,
    Baris,
    data,
    kerja,
    lacak,
    nomor,
    publik,
    teks,
    tetap,
    token_form,
)
from tests.portal.open311_bantu import KUNCI, data_permintaan

MASUK_DULU = {"anonim": LOGIN, "tamu": LOGIN}

LACAK = harapan(404, pemilik=200, unit=200, atas=200)
HALAMAN_PETUGAS = harapan(403, **MASUK_DULU, staf=200)
TIKET_PETUGAS = harapan(403, **MASUK_DULU, unit=200)
KINERJA = harapan(403, **MASUK_DULU, supervisor=200, supervisor_lain=200, atas=200)
AKUN_SENDIRI = harapan(200, **MASUK_DULU)
NIK_PETUGAS = harapan(403, **MASUK_DULU, unit=404)
SURVEI = {f"u{i}": 4 for i in range(1, 10)}


def keluhan(d: Dunia, a: str) -> dict[str, Any]:
    return {"kategori": d.kategori.kode, "judul": "Got mampet", "isi": "Air meluap ke jalan."} | {
        "kontak_nama": "Pelapor",
        "kontak_email": "pelapor@contoh.id",
    }


RUTE_HALAMAN: dict[str, Baris] = {
    # --- officer's workspace ------------------------------------------------------------------------
    "antrian:petugas-antrian": Baris(
        tetap("/petugas/"), {"GET": HALAMAN_PETUGAS}, tanda_untuk=("petugas", "supervisor")
    ),
    "antrian:petugas-bagian-antrian": Baris(
        tetap("/petugas/bagian/antrian/"), {"GET": HALAMAN_PETUGAS}, tanda_untuk=("petugas", "supervisor")
    ),
    "antrian:petugas-klaim": Baris(
        tetap("/petugas/klaim/"),
        {"POST": harapan(403, **MASUK_DULU, unit=303, lain=404)},
        data=data({}),
        tanda_untuk=(),
    ),
    "antrian:petugas-massal": Baris(
        tetap("/petugas/massal/"),
        {"POST": harapan(403, **MASUK_DULU, supervisor=303, supervisor_lain=400)},
        data=lambda d, a: {"tiket": [nomor(d, "warga_a")], "aksi": "tugaskan", "petugas": d.petugas_kedua.pk},
        tanda_untuk=(),
    ),
    "antrian:petugas-kerja-saya": Baris(
        tetap("/petugas/kerja-saya/"), {"GET": HALAMAN_PETUGAS}, status="ditugaskan", tanda_untuk=("petugas",)
    ),
    "antrian:petugas-bagian-kerja-saya": Baris(
        tetap("/petugas/bagian/kerja-saya/"),
        {"GET": HALAMAN_PETUGAS},
        status="ditugaskan",
        tanda_untuk=("petugas",),
    ),
    "antrian:petugas-tiket": Baris(kerja(), {"GET": TIKET_PETUGAS}),
    "antrian:petugas-bagian-tiket": Baris(kerja("bagian/"), {"GET": TIKET_PETUGAS}),
    "antrian:petugas-tanggapan": Baris(
        kerja("tanggapan/"),
        {"POST": harapan(403, **MASUK_DULU, unit=303)},
        data=lambda d, a: {"balas-isi": "Sedang kami cek.", "balas-kunci_idempoten": uuid.uuid4().hex},
        tanda_untuk=(),
    ),
    "antrian:petugas-templat": Baris(
        lambda d, a: kerja("templat/")(d, a) + f"?templat={d.templat_id}", {"GET": TIKET_PETUGAS}
    ),
    "antrian:petugas-aksi": Baris(
        kerja("aksi/mulai/", "ditugaskan"),
        {"GET": TIKET_PETUGAS, "POST": harapan(403, **MASUK_DULU, petugas=303)},
        status="ditugaskan",
        data=data({}),
        tanda_untuk=("petugas", "supervisor"),
    ),
    # --- dashboards and metrics pages ---------------------------------------------------------------
    "antrian:dasbor": Baris(
        tetap("/dasbor/"), {"GET": KINERJA}, tanda=teks("Dinas"), tanda_untuk=("supervisor", "manajer")
    ),
    "antrian:kinerja": Baris(tetap("/dasbor/kinerja/"), {"GET": KINERJA}, tanda_untuk=()),
    "antrian:kinerja_tiket": Baris(
        tetap("/dasbor/kinerja/tiket/?ukuran=masuk"),
        {"GET": KINERJA},
        tanda_untuk=("supervisor", "manajer", "admin"),
    ),
    "antrian:kinerja_saya": Baris(tetap("/petugas/kinerja/"), {"GET": HALAMAN_PETUGAS}, tanda_untuk=()),
    "antrian:kinerja_ekspor": Baris(
        tetap("/dasbor/kinerja/ekspor/?tabel=unit&format=csv"), {"GET": KINERJA}, tanda_untuk=()
    ),
    # --- the citizen's portal ------------------------------------------------------------------------
    "portal:beranda": publik("/", "Perbaikan lampu jalan"),
    "portal:katalog": publik("/layanan/", "Perbaikan lampu jalan"),
    "portal:layanan-rinci": publik("/layanan/lampu-jalan/", "Nomor tiang"),
    "portal:ajukan": publik("/layanan/lampu-jalan/ajukan/", None, {"GET": harapan(302)}),
    "portal:ajukan-langkah": publik("/layanan/lampu-jalan/ajukan/data/", "Nomor tiang"),
    "portal:keluhan-baru": publik(
        "/keluhan/baru/",
        "Jalan rusak",
        {"GET": SEMUA_200, "POST": harapan(302)},
        data=lambda d, a: keluhan(d, a) | {"kunci_idempoten": uuid.uuid4().hex},
    ),
    # The confirmation belongs to the session that submitted: nobody else, whoever they are.
    "portal:terkirim": Baris(lambda d, a: f"/terkirim/{nomor(d, a)}/", {"GET": harapan(404)}),
    "portal:lacak-cari": Baris(tetap("/lacak/"), {"GET": SEMUA_200}, tanda_untuk=("warga_a",)),
    "portal:lacak": Baris(lacak(), {"GET": LACAK}),
    "portal:lacak-bagian": Baris(lacak("bagian/"), {"GET": LACAK}),
    "portal:lacak-aksi": Baris(
        lacak("aksi/batalkan/", token=False),
        {"POST": harapan(404, pemilik=303, unit=403, atas=403)},
        data=lambda d, a: {"batalkan-alasan": "Salah kirim."} | token_form(d, a, "diajukan"),
        tanda_untuk=("petugas", "supervisor", "manajer", "admin"),
    ),
    "portal:lacak-lampiran": Baris(
        lambda d, a: lacak(f"lampiran/{d.subjek(a).lampiran_id}/")(d, a), {"GET": LACAK}, tanda=teks("PNG")
    ),
    "portal:lacak-survei": Baris(
        lacak("survei/", "selesai"),
        {
            "GET": harapan(404, pemilik=200, unit=403, atas=403),
            "POST": harapan(404, pemilik=303, unit=403, atas=403),
        },
        status="selesai",
        data=lambda d, a: {**SURVEI, "saran": "Cepat."} | token_form(d, a, "selesai"),
    ),
    "portal:transparansi": publik("/transparansi/", "DPMPTSP"),
    # --- accounts and the citizen's own data ---------------------------------------------------------
    "portal:masuk": Baris(
        tetap("/masuk/"),
        {"GET": harapan(302, tanpa_akun=200), "POST": harapan(302, tanpa_akun=400)},
        data=lambda d, a: {"username": a if d.pengguna.get(a) else "siapa", "password": SANDI},
        tanda=teks("password"),
        tanda_untuk=("anonim",),
    ),
    "portal:keluar": publik("/keluar/", None, {"GET": harapan(405), "POST": harapan(302)}, data=data({})),
    "portal:daftar": publik(
        "/daftar/",
        None,
        {"GET": harapan(302, tanpa_akun=200), "POST": harapan(302)},
        data=lambda d, a: (
            {"nama_lengkap": "Warga Baru", "email": f"baru-{a}@contoh.id"}
            | {"password": "Sandi-baru-2026!", "password_ulang": "Sandi-baru-2026!"}
        ),
    ),
    "portal:tiket-saya": Baris(tetap("/tiket-saya/"), {"GET": AKUN_SENDIRI}, tanda_untuk=("warga_a",)),
    "portal:sandi-lupa": publik(
        "/sandi/lupa/",
        None,
        {"GET": SEMUA_200, "POST": harapan(302)},
        data=data({"email": "wulan.rahasia@contoh.id"}),
    ),
    "portal:sandi-terkirim": publik("/sandi/lupa/terkirim/"),
    "portal:sandi-atur": publik("/sandi/atur/MQ/set-password/"),
    "portal:sandi-selesai": publik("/sandi/selesai/"),
    "portal:akun-data-saya": Baris(tetap("/akun/data-saya/"), {"GET": AKUN_SENDIRI}, tanda_untuk=()),
    "portal:akun-data-saya-unduh": Baris(
        tetap("/akun/data-saya/unduh/"), {"GET": AKUN_SENDIRI}, tanda_untuk=("warga_a",)
    ),
    # A deletion without its confirmation: refused for everyone, nothing changes.
    "portal:akun-hapus": Baris(
        tetap("/akun/hapus/"),
        {"GET": AKUN_SENDIRI, "POST": harapan(400, **MASUK_DULU)},
        data=data({}),
        tanda_untuk=(),
    ),
    "portal:akun-hapus-selesai": publik("/akun/hapus/selesai/", None, {"GET": harapan(302, tanpa_akun=200)}),
    # The whole NIK for an officer on request (logged) — never a confidential reporter's, as all are here.
    "portal:petugas-tampilkan-nik": Baris(
        kerja("nik/"),
        {"GET": NIK_PETUGAS, "POST": NIK_PETUGAS},
        data=data({"alasan": "Cek KTP di loket."}),
        tanda_untuk=(),
    ),
}


API_MASUK = {"tanpa_akun": 401}
KINERJA_API = harapan(403, **API_MASUK, supervisor=200, supervisor_lain=200, atas=200)

RUTE_LAIN: dict[str, Baris] = {
    # --- API v1: metrics -----------------------------------------------------------------------------
    "antrian_api:kinerja-unit": Baris(
        tetap("/api/v1/kinerja/unit/"),
        {"GET": KINERJA_API},
        tanda=teks("DPMPTSP"),
        tanda_untuk=("manajer", "admin"),
    ),
    "antrian_api:kinerja-petugas": Baris(
        lambda d, a: f"/api/v1/kinerja/petugas/?unit={d.unit.kode}",
        {"GET": harapan(403, **API_MASUK, supervisor=200, atas=200)},
        tanda=teks("Pak Petugas"),
        tanda_untuk=("supervisor", "manajer", "admin"),
    ),
    "antrian_api:kinerja-layanan": Baris(
        tetap("/api/v1/kinerja/layanan/"), {"GET": KINERJA_API}, tanda_untuk=()
    ),
    "antrian_api:kinerja-tren": Baris(tetap("/api/v1/kinerja/tren/"), {"GET": KINERJA_API}, tanda_untuk=()),
    "antrian_api:kinerja-saya": Baris(
        tetap("/api/v1/kinerja/saya/"), {"GET": harapan(403, **API_MASUK, staf=200)}, tanda_untuk=()
    ),
    "antrian_api:kinerja-tiket": Baris(
        tetap("/api/v1/kinerja/tiket/?ukuran=masuk"),
        {"GET": KINERJA_API},
        tanda_untuk=("supervisor", "manajer", "admin"),
    ),
    "antrian_api:kinerja-skm": Baris(tetap("/api/v1/kinerja/skm/"), {"GET": KINERJA_API}, tanda_untuk=()),
    # --- schema, docs, language, health -------------------------------------------------------------
    "schema": publik("/api/schema/", "openapi"),
    "api-docs": publik("/api/docs/", "swagger"),
    "set_language": publik(
        "/i18n/setlang/", None, {"GET": harapan(302), "POST": harapan(302)}, data=data({"language": "en"})
    ),
    "healthz": publik("/healthz", "ok"),
    "readyz": publik("/readyz", "ok"),
    "portal:sehat": publik("/sehat/", "ok"),
    # --- Open311 GeoReport v2: public by design, never an identity ----------------------------------
    "open311:discovery": publik("/open311/v2/discovery.json", "GeoReport"),
    "open311:services": publik("/open311/v2/services.xml", "lampu-jalan"),
    "open311:service": publik("/open311/v2/services/lampu-jalan.json", "tiang"),
    "open311:requests": publik(
        "/open311/v2/requests.json",
        "service_request_id",
        {"GET": SEMUA_200, "POST": harapan(201)},
        data=data(data_permintaan(api_key=KUNCI)),
        nomor_publik=True,
    ),
    "open311:request": Baris(
        lambda d, a: f"/open311/v2/requests/{nomor(d, a)}.xml",
        {"GET": SEMUA_200},
        tanda_untuk=AKTOR,
        nomor_publik=True,
    ),
    "open311:token": publik("/open311/v2/tokens/tidak-ada.json", None, {"GET": harapan(404)}),
    "open311/v2/^(?P<jalur>.*)$": publik(
        "/open311/v2/requests/x/hapus.json", None, {"GET": harapan(404), "POST": harapan(404)}
    ),
}
