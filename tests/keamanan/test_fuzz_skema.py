"""Schema fuzzing (issue 7 item 2): schemathesis over the project's own `/api/schema/`, in-process, as each
actor (anonymous, citizen, officer, supervisor, manager), against a world with real tikets, services and
units. Every response must be no server error and match the schema: a documented status code, content
type, headers and body. The figures (calls, per-status counts, share of 2xx) are printed in the summary.
"""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis import GenerationMode

from tests.keamanan import _fuzz
from tests.keamanan._fuzz_data import KONTEKS, bangun_dunia

# On PostgreSQL (CI's second pass) only: it is where the database itself refuses input SQLite takes (a NUL
# byte in a text filter was a 500 there), and running it once keeps CI within its time.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


class _Ringkasan:
    """Collects each actor's figures and prints them once, in pytest's terminal summary."""

    def __init__(self) -> None:
        self.baris: list[str] = []

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.baris:
            terminalreporter.write_sep(
                "-",
                f"schema fuzzing: {_fuzz.CONTOH} examples per operation and actor, "
                f"{_fuzz.CONTOH_NEGATIF} of invalid input",
            )
            for baris in self.baris:
                terminalreporter.write_line(baris)


@pytest.fixture(scope="module")
def ringkasan(request: pytest.FixtureRequest) -> _Ringkasan:
    plugin = _Ringkasan()
    request.config.pluginmanager.register(plugin, "sigap-fuzz-ringkasan")
    return plugin


@pytest.fixture
def batas_longgar(settings: Any) -> None:
    """Rate limits far above what a fuzz run sends, so it reaches the code behind them rather than
    collecting 429s (the fuzzer also starts each operation with an empty cache)."""
    settings.BATAS = {nama: "1000000/1h" if laju else laju for nama, laju in settings.BATAS.items()}


@pytest.mark.parametrize("konteks", KONTEKS)
@pytest.mark.usefixtures("batas_longgar")
def test_setiap_jawaban_api_sesuai_skema_dan_tanpa_galat_server(konteks: str, ringkasan: _Ringkasan) -> None:
    hasil = _fuzz.jalankan(konteks, bangun_dunia())
    ringkasan.baris.extend(_fuzz.ringkasan(hasil))
    assert hasil.panggilan >= len(_fuzz.operasi_semua()), "every operation was called"
    assert not hasil.galat, _fuzz.laporan_galat(hasil)


# The two actors with the most ways in: a citizen's own tikets, a supervisor's whole unit.
@pytest.mark.parametrize("konteks", ["warga", "supervisor"])
@pytest.mark.usefixtures("batas_longgar")
def test_masukan_yang_melanggar_skema_tidak_pernah_membuat_galat_server(
    konteks: str, ringkasan: _Ringkasan
) -> None:
    hasil = _fuzz.jalankan(konteks, bangun_dunia(), _fuzz.CONTOH_NEGATIF, GenerationMode.NEGATIVE)
    ringkasan.baris.extend(_fuzz.ringkasan(hasil))
    assert hasil.panggilan > 0
    assert not hasil.galat, _fuzz.laporan_galat(hasil)


# The rate-limited operations, each with a body that its limit counts (the limit is checked before the
# body's content matters, or the body is valid). Extra fields are ignored by the API.
_DIBATASI = {
    "POST /api/v1/permohonan/": {"layanan": "akta-kelahiran"},
    "POST /api/v1/keluhan/": {"kategori": "jalan-rusak", "judul": "Uji", "isi": "Uji batas"},
    "POST /api/v1/akun/daftar/": {
        "nama_lengkap": "Uji Batas",
        "email": "uji.batas@contoh.id",
        "password": "rahasia-panjang-2026",
    },
    "POST /api/v1/akun/token/": {
        "identitas": "warga.fuzz@contoh.id",
        "email": "warga.fuzz@contoh.id",
        "password": "bukan-sandinya",
    },
}


@pytest.mark.parametrize("label", sorted(_DIBATASI))
def test_jawaban_429_batas_permintaan_sesuai_skema_dan_memuat_retry_after(label: str, settings: Any) -> None:
    bangun_dunia()
    settings.BATAS = {nama: "1/1h" if laju else laju for nama, laju in settings.BATAS.items()}
    operasi = _fuzz.skema().find_operation_by_label(label)
    assert operasi is not None, f"{label} is in the schema"
    with _fuzz.koneksi_tetap():
        for _ in range(10):
            case = operasi.Case(body=dict(_DIBATASI[label]), media_type="application/json")
            respons = case.call()
            if respons.status_code == 429:
                break
    assert respons.status_code == 429, f"{label} never refused: {respons.status_code}"
    header = {nama.lower(): nilai for nama, nilai in respons.headers.items()}
    assert int(header["retry-after"][0]) > 0
    case.validate_response(respons, checks=_fuzz.CEK)


def test_pencarian_katalog_dengan_byte_nul_ditolak_400_bukan_galat_basis_data(api_client: Any) -> None:
    # Found by the fuzzer on PostgreSQL, which cannot compare a text with a NUL byte: it was a 500.
    respons = api_client.get("/api/v1/layanan/", {"q": "akta\x00kelahiran"})
    assert respons.status_code == 400
    assert respons.json()["galat"]["kode"] == "data_tidak_valid"
    assert "q" in respons.json()["galat"]["rincian"]
