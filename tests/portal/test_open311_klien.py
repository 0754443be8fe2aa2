"""An independent GeoReport v2 client against a real server.

Written from the spec text (wiki.open311.org/GeoReport_v2), with nothing from portal/open311: plain
urllib, xml.etree and json, over HTTP to pytest-django's live server. It walks what a real client does:
discovery, the service list, a service definition, a request with the definition's required attributes
in form encoding, then the request by id, through its token, and in a filtered list; in XML and JSON.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from tests.portal.open311_bantu import buat_aplikasi, buat_kategori, buat_layanan_sederhana

pytestmark = pytest.mark.django_db(transaction=True)

KUNCI = "kunci-klien-independen"


class Klien:
    """A minimal GeoReport v2 client: every call returns (HTTP status, parsed body)."""

    def __init__(self, dasar: str, fmt: str) -> None:
        self.dasar = dasar.rstrip("/")
        self.fmt = fmt

    def _baca(self, badan: bytes) -> Any:
        if self.fmt == "json":
            return json.loads(badan)
        return ET.fromstring(badan)  # noqa: S314 — the live server under test

    def _kirim(self, permintaan: urllib.request.Request) -> tuple[int, Any]:
        try:
            with urllib.request.urlopen(permintaan, timeout=10) as respons:  # noqa: S310 — loopback http
                return respons.status, self._baca(respons.read())
        except urllib.error.HTTPError as galat:
            return galat.code, self._baca(galat.read())

    def get(self, jalur: str, **param: str) -> tuple[int, Any]:
        url = f"{self.dasar}/{jalur}.{self.fmt}"
        if param:
            url += "?" + urllib.parse.urlencode(param)
        return self._kirim(urllib.request.Request(url))  # noqa: S310

    def post(self, jalur: str, data: list[tuple[str, str]]) -> tuple[int, Any]:
        badan = urllib.parse.urlencode(data).encode()
        permintaan = urllib.request.Request(  # noqa: S310
            f"{self.dasar}/{jalur}.{self.fmt}",
            data=badan,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        return self._kirim(permintaan)

    # --- the spec's shapes, read the same way from either format ----------------------------------

    def daftar(self, isi: Any, akar: str, item: str) -> list[dict[str, Any]]:
        if self.fmt == "json":
            assert isinstance(isi, list)
            return isi
        assert isi.tag == akar
        assert all(el.tag == item for el in isi)
        return [{anak.tag: anak for anak in el} for el in isi]

    def teks(self, nilai: Any) -> str:
        if isinstance(nilai, ET.Element):
            return nilai.text or ""
        return "" if nilai is None else str(nilai).lower() if isinstance(nilai, bool) else str(nilai)

    def atribut(self, definisi: Any) -> list[dict[str, Any]]:
        if self.fmt == "json":
            return definisi["attributes"]
        assert definisi.tag == "service_definition"
        hasil = []
        for el in definisi.findall("attributes/attribute"):
            baris: dict[str, Any] = {anak.tag: anak.text or "" for anak in el if anak.tag != "values"}
            baris["values"] = [
                {"key": v.findtext("key"), "name": v.findtext("name")} for v in el.findall("values/value")
            ]
            hasil.append(baris)
        return hasil


@pytest.fixture
def server(live_server, db):  # type: ignore[no-untyped-def]
    from antrian.models import Unit

    unit = Unit.objects.create(kode="dinas-pu", nama="Dinas Pekerjaan Umum")
    buat_layanan_sederhana(unit)
    buat_kategori(unit)
    buat_aplikasi(KUNCI)
    return live_server.url


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_klien_georeport_v2_menjalani_spesifikasi(server, fmt):
    # 1. Discovery: find the GeoReport v2 endpoint and check it speaks our format.
    klien = Klien(f"{server}/open311/v2", fmt)
    status, discovery = klien.get("discovery")
    assert status == 200
    if fmt == "json":
        [titik] = discovery["endpoints"]
        url, formats = titik["url"], titik["formats"]
        assert titik["specification"] == "http://wiki.open311.org/GeoReport_v2"
    else:
        titik = discovery.find("endpoints/endpoint")
        url = titik.findtext("url")
        formats = [f.text for f in titik.findall("formats/format")]
        assert titik.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert {"text/xml", "application/json"} <= set(formats)
    klien = Klien(url, fmt)

    # 2. Service list: pick the service that has metadata (attributes).
    status, isi = klien.get("services")
    assert status == 200
    layanan = {klien.teks(s["service_code"]): s for s in klien.daftar(isi, "services", "service")}
    assert "lampu-jalan" in layanan
    assert klien.teks(layanan["lampu-jalan"]["metadata"]) == "true"

    # 3. Its definition: answer every required attribute, with a valid value for list types.
    status, definisi = klien.get("services/lampu-jalan")
    assert status == 200
    data = [("api_key", KUNCI), ("service_code", "lampu-jalan"), ("lat", "-6.17"), ("long", "106.82")]
    wajib = [a for a in klien.atribut(definisi) if klien.teks(a["required"]) == "true"]
    assert {a["code"] for a in wajib} == {"tiang", "jenis"}
    for atribut in wajib:
        if atribut["datatype"] == "multivaluelist":
            data.append((f"attribute[{atribut['code']}][]", atribut["values"][0]["key"]))
        elif atribut["datatype"] == "singlevaluelist":
            data.append((f"attribute[{atribut['code']}]", atribut["values"][0]["key"]))
        else:
            data.append((f"attribute[{atribut['code']}]", "T-42"))
    data += [("first_name", "Rina"), ("email", "rina@contoh.id"), ("description", "Lampu mati total.")]

    # A request without its required attributes is refused with the spec's error list.
    status, galat = klien.post("requests", [d for d in data if not d[0].startswith("attribute")])
    assert status == 400
    [pertama, *_] = klien.daftar(galat, "errors", "error")
    assert klien.teks(pertama["code"]) == "400"

    # 4. POST the request.
    status, isi = klien.post("requests", data)
    assert status in (200, 201)
    [dibuat] = klien.daftar(isi, "service_requests", "request")
    nomor, token = klien.teks(dibuat["service_request_id"]), klien.teks(dibuat["token"])
    assert nomor and token
    assert klien.teks(dibuat["service_notice"])

    # 5. The request by its id.
    status, isi = klien.get(f"requests/{nomor}")
    assert status == 200
    [permintaan] = klien.daftar(isi, "service_requests", "request")
    assert klien.teks(permintaan["service_request_id"]) == nomor
    assert klien.teks(permintaan["status"]) == "open"
    assert klien.teks(permintaan["service_code"]) == "lampu-jalan"
    assert klien.teks(permintaan["agency_responsible"]) == "Dinas Pekerjaan Umum"
    assert klien.teks(permintaan["description"]) == "Lampu mati total."
    assert float(klien.teks(permintaan["lat"])) == -6.17
    assert klien.teks(permintaan["requested_datetime"])[-6] in "+-"

    # 6. Through the token.
    status, isi = klien.get(f"tokens/{token}")
    assert status == 200
    [dari_token] = klien.daftar(isi, "service_requests", "request")
    assert klien.teks(dari_token["service_request_id"]) == nomor

    # 7. In a filtered list, and not in a list filtered away.
    status, isi = klien.get("requests", service_code="lampu-jalan", status="open")
    assert status == 200
    assert [
        klien.teks(r["service_request_id"]) for r in klien.daftar(isi, "service_requests", "request")
    ] == [nomor]
    status, isi = klien.get("requests", status="closed")
    assert klien.daftar(isi, "service_requests", "request") == []
    status, isi = klien.get("requests", start_date="2026-01-01T00:00:00Z", end_date="2026-06-01T00:00:00Z")
    assert status == 400

    # A wrong key is refused with 403.
    status, _isi = klien.post("requests", [("api_key", "salah"), *data[1:]])
    assert status == 403
