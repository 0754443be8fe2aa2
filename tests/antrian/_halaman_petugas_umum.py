"""Shared by the officer-page tests (test_halaman_petugas_*.py): a logged-in client, an actor, and the
ticket page and action addresses."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from antrian.izin import Aktor


def klien(siapa: Any) -> Client:
    c = Client()
    c.force_login(getattr(siapa, "pengguna", siapa))
    return c


def aktor(siapa: Any) -> Aktor:
    return Aktor.dari_pengguna(getattr(siapa, "pengguna", siapa))


def url_tiket(nomor: str) -> str:
    return reverse("antrian:petugas-tiket", kwargs={"nomor": nomor})


def url_aksi(nomor: str, aksi: str) -> str:
    return reverse("antrian:petugas-aksi", kwargs={"nomor": nomor, "aksi": aksi})
