"""The schema fuzzer: schemathesis cases for every operation of `/api/schema/`, sent in-process through
Django's WSGI handler as one actor, each response checked against the schema.

Bounded and repeatable: `FUZZ_CONTOH` examples per operation and actor (default 12; 3 for an anonymous
caller of an operation that needs a login), `FUZZ_CONTOH_NEGATIF` of invalid input (default 5),
Hypothesis derandomised (the same cases every run), no example database, no shrinking (a failure is
reported as generated, with a curl line to reproduce it). Failures are collected rather than raised, so
one run lists every broken operation. About 40 ms of CPU per call on the project's 2-core machines.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import schemathesis
from django.core.cache import cache as django_cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.keamanan._fuzz_data import DuniaFuzz

CONTOH = int(os.environ.get("FUZZ_CONTOH", "12"))
# Invalid input (schemathesis' negative mode): fewer examples, as the positive run covers the shapes.
CONTOH_NEGATIF = int(os.environ.get("FUZZ_CONTOH_NEGATIF", "5"))
CEK = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# For input that breaks the schema: still never a server error, and only documented status codes. (Not
# the body checks: a path parameter outside its URL converter never reaches the API and gets Django's
# plain 404 page.)
CEK_NEGATIF = [not_a_server_error, status_code_conformance]
# At most this many failures are kept per operation and kind, enough to see the pattern.
_CONTOH_GALAT = 2
# An anonymous caller of an operation that needs a login gets 401 before its input is read: a few
# examples show that; more would only spend the time budget.
_CONTOH_TANPA_AKSES = 3


@dataclass
class Galat:
    operasi: str
    status: int
    pesan: str


@dataclass
class Hasil:
    konteks: str
    panggilan: int = 0
    per_status: Counter[int] = field(default_factory=Counter)
    per_operasi: dict[str, Counter[int]] = field(default_factory=dict)
    galat: list[Galat] = field(default_factory=list)
    detik: float = 0.0
    detik_server: float = 0.0  # of which in the app (request and response), the rest is generation

    @property
    def berhasil(self) -> int:
        return sum(n for kode, n in self.per_status.items() if 200 <= kode < 300)


@contextmanager
def koneksi_tetap() -> Iterator[None]:
    """Keep the test's database connection open across requests, as Django's test client does: the WSGI
    handler would otherwise close it at the end of each request, and with it the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@cache
def skema() -> Any:
    """The project's own schema, fetched from its endpoint once per process."""
    with koneksi_tetap():
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())


def operasi_semua() -> list[Any]:
    return [hasil.ok() for hasil in skema().get_all_operations()]


def perlu_masuk(operasi: Any) -> bool:
    """The schema says an anonymous caller may not use it (no empty requirement in `security`)."""
    keamanan = operasi.definition.raw.get("security")
    return keamanan is not None and {} not in keamanan


def _jalur_nyata(operasi: Any, dunia: DuniaFuzz) -> list[dict[str, Any]]:
    """Real path parameters for this operation: the longest matching prefix names them."""
    cocok = [awal for awal in dunia.jalur if operasi.path.startswith(awal)]
    if not cocok or not len(operasi.path_parameters):
        return []
    nama = {p.name for p in operasi.path_parameters}
    return [pp for pp in dunia.jalur[max(cocok, key=len)] if set(pp) == nama]


def _strategi(operasi: Any, dunia: DuniaFuzz, konteks: str, mode: GenerationMode) -> st.SearchStrategy[Any]:
    """Generated cases; for operations with path parameters, half of them aimed at real objects."""
    nyata = _jalur_nyata(operasi, dunia)
    bebas = operasi.as_strategy(generation_mode=mode)
    if not nyata:
        return bebas
    terarah = [operasi.as_strategy(generation_mode=mode, path_parameters=pp) for pp in nyata]
    if konteks == "anonim" and dunia.tamu and "nomor" in {p.name for p in operasi.path_parameters}:
        # A guest with the right token for their own tiket: the anonymous caller's way in.
        nomor, token = dunia.tamu
        terarah.append(
            operasi.as_strategy(
                generation_mode=mode, path_parameters={"nomor": nomor}, headers={"X-Token-Lacak": token}
            )
        )
    return st.one_of(bebas, st.one_of(terarah))


def _arahkan(case: Any, dunia: DuniaFuzz, data: st.DataObject) -> None:
    """Sometimes replace a generated code or id in the query or body by a real one (a real service,
    category, unit, officer), so the validation behind the lookup runs too."""
    for wadah in (case.query, case.body):
        if not isinstance(wadah, dict):
            continue
        for kunci, pilihan in dunia.isian.items():
            if kunci in wadah and data.draw(st.booleans(), label=f"nyata:{kunci}"):
                nilai = data.draw(st.sampled_from(pilihan), label=kunci)
                wadah[kunci] = str(nilai) if isinstance(wadah[kunci], str) else nilai


class _TangkapLog(logging.Handler):
    """Keeps the traceback of a 500 (Django logs it on `django.request`) for the report."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.catatan: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        teks = record.getMessage()
        if record.exc_info:
            teks += "\n" + logging.Formatter().formatException(record.exc_info)
        self.catatan.append(teks)


def _judul(pesan: str) -> str:
    return next((baris.strip() for baris in pesan.splitlines() if baris.strip()), "?")


def jalankan(
    konteks: str, dunia: DuniaFuzz, contoh: int = CONTOH, mode: GenerationMode = GenerationMode.POSITIVE
) -> Hasil:
    """Fuzz every operation as `konteks`; return the figures and every schema failure."""
    hasil = Hasil(konteks if mode.is_positive else f"{konteks}/{mode.value}")
    token = dunia.token[konteks]
    header = {"Authorization": f"Token {token}"} if token else {}
    tangkap = _TangkapLog()
    logger = logging.getLogger("django.request")
    logger.addHandler(tangkap)
    semua = operasi_semua()  # before koneksi_tetap(): loading the schema uses (and undoes) it too
    mulai = time.perf_counter()
    try:
        with koneksi_tetap():
            for operasi in semua:
                n = min(contoh, _CONTOH_TANPA_AKSES) if not token and perlu_masuk(operasi) else contoh
                _fuzz_operasi(operasi, dunia, konteks, header, n, mode, hasil, tangkap)
    finally:
        logger.removeHandler(tangkap)
    hasil.detik = time.perf_counter() - mulai
    return hasil


def _fuzz_operasi(
    operasi: Any,
    dunia: DuniaFuzz,
    konteks: str,
    header: dict[str, str],
    contoh: int,
    mode: GenerationMode,
    hasil: Hasil,
    tangkap: _TangkapLog,
) -> None:
    per_status = hasil.per_operasi.setdefault(operasi.label, Counter())
    terlihat: Counter[str] = Counter()
    # Rate limits live in the cache: start each operation with a clean one (and see 429 only where
    # an operation itself exceeds a limit; tests of the limits themselves are elsewhere).
    django_cache.clear()

    @settings(
        max_examples=contoh,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(case=_strategi(operasi, dunia, konteks, mode), data=st.data())
    def satu(case: Any, data: st.DataObject) -> None:
        _arahkan(case, dunia, data)
        if header or konteks == "anonim":
            # The actor's credentials, never a generated Authorization header that would make every
            # call a plain 401; the anonymous caller sends none.
            case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        tangkap.catatan.clear()
        awal = time.perf_counter()
        respons = case.call(headers=header)
        hasil.detik_server += time.perf_counter() - awal
        hasil.panggilan += 1
        hasil.per_status[respons.status_code] += 1
        per_status[respons.status_code] += 1
        try:
            case.validate_response(respons, checks=CEK if mode.is_positive else CEK_NEGATIF, headers=header)
        except FailureGroup as exc:
            for galat in exc.exceptions:
                jenis = f"{type(galat).__name__}:{respons.status_code}"
                terlihat[jenis] += 1
                if terlihat[jenis] > _CONTOH_GALAT:
                    continue
                pesan = str(galat)
                if tangkap.catatan:
                    pesan += "\n" + "\n".join(tangkap.catatan)[-3000:]
                pesan += "\n" + case.as_curl_command(headers=header)
                hasil.galat.append(Galat(operasi.label, respons.status_code, pesan))

    try:
        satu()
    except Unsatisfiable:
        # Negative mode on an operation with nothing to get wrong (no parameters, no body).
        if mode.is_positive:
            raise


def ringkasan(hasil: Hasil) -> Iterator[str]:
    persen = 100 * hasil.berhasil / max(hasil.panggilan, 1)
    status = ", ".join(f"{kode}: {n}" for kode, n in sorted(hasil.per_status.items()))
    yield (
        f"{hasil.konteks:<10} {hasil.panggilan:5d} calls in {hasil.detik:5.1f} s "
        f"({hasil.detik_server:4.1f} s in the app), "
        f"2xx {hasil.berhasil} ({persen:.0f}%), failures {len(hasil.galat)} | {status}"
    )


def laporan_galat(hasil: Hasil) -> str:
    return "\n\n".join(f"[{hasil.konteks}] {g.operasi} -> {g.status}\n{g.pesan}" for g in hasil.galat)
