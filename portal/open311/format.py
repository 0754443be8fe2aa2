"""Rendering Open311 GeoReport v2 answers as XML or JSON, with the spec's element names.

Views build plain Python values (dicts, lists, strings, numbers, booleans, datetimes, None) and hand
them here with the root and item element names of the XML form; JSON is the same value as is. Lists
nested in an item become a wrapper element with one child per entry (`attributes` -> `attribute`).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

FORMAT = ("xml", "json")
JENIS_KONTEN = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}

# Wrapper element -> element of each entry, for lists nested inside an item.
_ANAK = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def waktu_iso(waktu: dt.datetime | None) -> str | None:
    """ISO 8601 with the offset of the portal's time zone, e.g. 2026-11-28T09:30:00+07:00."""
    if waktu is None:
        return None
    return timezone.localtime(waktu).isoformat(timespec="seconds")


def _teks(nilai: Any) -> str:
    if nilai is None:
        return ""
    if isinstance(nilai, bool):
        return "true" if nilai else "false"
    if isinstance(nilai, dt.datetime):
        return waktu_iso(nilai) or ""
    return str(nilai)


def _isi(elemen: ET.Element, nilai: Any) -> None:
    if isinstance(nilai, Mapping):
        for kunci, isi in nilai.items():
            _isi(ET.SubElement(elemen, kunci), isi)
    elif isinstance(nilai, list | tuple):
        nama_anak = _ANAK.get(elemen.tag, "item")
        for isi in nilai:
            _isi(ET.SubElement(elemen, nama_anak), isi)
    else:
        elemen.text = _teks(nilai)


def ke_xml(akar: str, item: str | None, nilai: Any) -> bytes:
    """`nilai` is a list of items (each `<item>` under `<akar>`) or, when `item` is None, one mapping
    whose keys are the children of `<akar>`."""
    root = ET.Element(akar)
    if item is None:
        _isi(root, nilai)
    else:
        for isi in nilai:
            _isi(ET.SubElement(root, item), isi)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _json_bawaan(nilai: Any) -> Any:
    if isinstance(nilai, dt.datetime):
        return waktu_iso(nilai)
    if isinstance(nilai, Decimal):
        return float(nilai)
    raise TypeError(type(nilai).__name__)


def jawab(fmt: str, akar: str, item: str | None, nilai: Any, *, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        badan = ke_xml(akar, item, nilai)
    else:
        badan = json.dumps(nilai, default=_json_bawaan, ensure_ascii=False).encode()
    return HttpResponse(badan, status=status, content_type=JENIS_KONTEN[fmt])


def jawab_galat(fmt: str, status: int, pesan: Iterable[str], **header: str) -> HttpResponse:
    """The spec's error list: `<errors><error><code/><description/></error>…` or `[{code, description}]`.
    The code is the HTTP status, as in the spec's examples."""
    daftar = [{"code": status, "description": str(p)} for p in pesan]
    respons = jawab(fmt if fmt in FORMAT else "xml", "errors", "error", daftar, status=status)
    for nama, isi in header.items():
        respons[nama.replace("_", "-")] = isi
    return respons
