"""The machinery of the authorisation matrix: what a row is, how a case is sent, what an answer must show
and must not show, and the URL map walked for routes without a row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.keamanan._matriks import AKTOR, MELIHAT, Dunia, harapan, identitas_rahasia, isi

Url = Callable[[Dunia, str], str]
Data = Callable[[Dunia, str], dict[str, Any]]


@dataclass(frozen=True)
class Baris:
    url: Url
    metode: dict[str, dict[str, Any]]  # method -> expected outcome per actor
    data: Data | None = None
    json: bool = False
    header_token: bool = False  # the guest's token in X-Token-Lacak (API), not in the URL or form
    status: str = "diajukan"  # the state of the subject tiket
    tanda: Url | None = None  # what an allowed answer shows; None: the subject tiket's number
    tanda_untuk: tuple[str, ...] = MELIHAT
    nomor_publik: bool = False  # tiket numbers are public here (Open311)


# --- URLs ---------------------------------------------------------------------------------------------


def nomor(d: Dunia, a: str, status: str = "diajukan") -> str:
    return d.subjek(a, status).nomor


def q_token(d: Dunia, a: str, status: str) -> str:
    token = d.token(a, status)
    return f"?token={token}" if token else ""


def token_form(d: Dunia, a: str, status: str) -> dict[str, Any]:
    token = d.token(a, status)
    return {"token": token} if token else {}


def lacak(akhiran: str = "", status: str = "diajukan", token: bool = True) -> Url:
    return lambda d, a: f"/lacak/{nomor(d, a, status)}/{akhiran}" + (q_token(d, a, status) if token else "")


def api(akhiran: str = "", status: str = "diajukan") -> Url:
    return lambda d, a: f"/api/v1/tiket/{nomor(d, a, status)}/{akhiran}"


def kerja(akhiran: str = "", status: str = "diajukan") -> Url:
    return lambda d, a: f"/petugas/tiket/{nomor(d, a, status)}/{akhiran}"


def teks(nilai: str) -> Url:
    return lambda d, a: nilai


def tetap(alamat: str) -> Url:
    return teks(alamat)


def data(isi_: dict[str, Any]) -> Data:
    return lambda d, a: dict(isi_)


# --- rows that look alike -------------------------------------------------------------------------------

SEMUA_200 = harapan(200)


def publik(alamat: str, tanda: str | None = None, metode: dict[str, Any] | None = None, **kw: Any) -> Baris:
    """A page everyone gets alike (catalogue, health, Open311 reads); `tanda` is what it must show."""
    return Baris(
        tetap(alamat),
        metode or {"GET": SEMUA_200},
        tanda=teks(tanda) if tanda else None,
        tanda_untuk=AKTOR if tanda else (),
        **kw,
    )


def aksi_api(nama: str, status: str, boleh: dict[str, Any], isian: Data | None = None) -> Baris:
    """A lifecycle action: an unseen tiket 404, read-only viewers (manager, admin) and the unit's or the
    owner's side without the right 403, those in `boleh` their code."""
    harap = harapan(404, **{"atas": 403, "unit": 403, "pemilik": 403, **boleh})
    return Baris(
        api(f"{nama}/", status),
        {"POST": harap},
        data=isian or data({}),
        json=True,
        header_token=True,
        status=status,
    )


# --- one case --------------------------------------------------------------------------------------------


def kirim(d: Dunia, baris: Baris, metode: str, aktor: str) -> tuple[Any, str]:
    klien = d.klien(aktor)
    alamat = baris.url(d, aktor)
    extra: dict[str, Any] = {}
    token = d.token(aktor, baris.status)
    if baris.header_token and token:
        extra["HTTP_X_TOKEN_LACAK"] = token
    isian = baris.data(d, aktor) if baris.data else {}
    if metode == "GET":
        return klien.get(alamat, **extra), alamat
    if baris.json:
        return klien.generic(metode, alamat, json.dumps(isian), "application/json", **extra), alamat
    if metode == "POST":
        return klien.post(alamat, isian, **extra), alamat
    return klien.generic(metode, alamat, **extra), alamat


def terlihat(d: Dunia, aktor: str, status: str) -> set[int]:
    """Fixture tikets this actor may see (their titles may show)."""
    if aktor in ("petugas", "supervisor", "manajer", "admin"):
        return {tu.tiket.pk for tu in d.tiket.values()}
    if aktor == "warga_a":
        return {tu.tiket.pk for (_s, p), tu in d.tiket.items() if p == "warga"}
    if aktor == "tamu_benar":
        return {d.subjek(aktor, status).tiket.pk}
    return set()


def tidak_bocor(d: Dunia, aktor: str, teks_isi: str, alamat: str, nama: str, **kw: Any) -> None:
    """No reporter's identity but the actor's own; no title (nor number, unless the URL carried it or it
    is public) of a tiket the actor may not see."""
    milik = {"warga_a": "warga", "tamu_benar": "tamu"}.get(aktor)
    for pemilik in ("warga", "tamu"):
        if pemilik != milik:
            for rahasia in identitas_rahasia(pemilik):
                assert rahasia not in teks_isi, f"{nama}: {aktor} sees the {pemilik}'s identity ({rahasia!r})"
    boleh = terlihat(d, aktor, kw.get("status", "diajukan"))
    for tu in d.tiket.values():
        if tu.tiket.pk in boleh:
            continue
        assert tu.tiket.judul not in teks_isi, f"{nama}: {aktor} sees the title of {tu.nomor}"
        if not kw.get("nomor_publik") and tu.nomor not in alamat:
            assert tu.nomor not in teks_isi, f"{nama}: {aktor} sees the number {tu.nomor}"


def periksa_isi(d: Dunia, baris: Baris, aktor: str, respons: Any, alamat: str, nama: str) -> None:
    teks_isi = isi(respons)
    tidak_bocor(d, aktor, teks_isi, alamat, nama, status=baris.status, nomor_publik=baris.nomor_publik)
    if respons.status_code in (200, 201) and aktor in baris.tanda_untuk:
        tanda = baris.tanda(d, aktor) if baris.tanda else d.subjek(aktor, baris.status).nomor
        assert tanda in teks_isi, f"{nama}: the answer to {aktor} does not show {tanda!r}"


# --- the URL map --------------------------------------------------------------------------------------


def rute_http(
    resolver: URLResolver | None = None, awalan: str = "", ruang: str | None = None
) -> Iterator[str]:
    """Every route of the URL map outside admin/, as `namespace:name` (or its pattern if unnamed)."""
    for pola in (resolver or get_resolver()).url_patterns:
        if isinstance(pola, URLResolver):
            jalur = awalan + str(pola.pattern)
            if jalur.startswith("admin/"):
                continue
            sub = ":".join(x for x in (ruang, pola.namespace) if x) or None
            yield from rute_http(pola, jalur, sub)
        elif isinstance(pola, URLPattern):
            if pola.name:
                yield f"{ruang}:{pola.name}" if ruang else pola.name
            else:
                yield awalan + str(pola.pattern)


def rute_admin() -> Iterator[str]:
    """Every URL name of the admin site, the models' included."""
    from django.contrib import admin

    for pola in admin.site.get_urls():
        if isinstance(pola, URLResolver):
            for sub in pola.url_patterns:
                if isinstance(sub, URLPattern):
                    yield sub.name or (str(pola.pattern) + str(sub.pattern))
        else:
            yield pola.name or str(pola.pattern)


# --- websockets ---------------------------------------------------------------------------------------


async def sambung_ws(alamat: str, kuki: str | None) -> tuple[list[dict[str, Any]], int | None]:
    """Connect as a browser of this site would; (the first frames, None) once the stream is ready, or
    ([], close code) when refused. A refused connection is accepted first and then closed."""
    from channels.testing import WebsocketCommunicator
    from django.conf import settings

    from config.asgi import application

    headers = [(b"origin", b"http://testserver")]
    if kuki:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={kuki}".encode()))
    komunikator = WebsocketCommunicator(application, alamat, headers=headers)
    terhubung, _ = await komunikator.connect(timeout=5)
    assert terhubung, f"{alamat}: the handshake itself was refused"
    bingkai: list[dict[str, Any]] = []
    try:
        while True:
            keluaran = await komunikator.receive_output(timeout=5)
            if keluaran["type"] == "websocket.close":
                return bingkai, int(keluaran["code"])
            data_ = json.loads(keluaran["text"])
            if data_["tipe"] == "detak":
                continue
            bingkai.append(data_)
            if data_["tipe"] in ("siap", "dasbor"):
                return bingkai, None
    finally:
        await komunikator.disconnect()
