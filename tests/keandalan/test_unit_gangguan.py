"""The outage middleware (portal/gangguan.py) and the fault-tolerant cache (config/cache_tahan.py), in
process: fast, on both CI passes."""

from __future__ import annotations

import json
import logging
from typing import Any, cast

import pytest
import redis
from django.core.cache import cache
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from config.cache_tahan import CacheTahanGangguan
from portal.gangguan import GangguanMiddleware
from tests.portal.open311_bantu import buat_kategori

pytestmark = pytest.mark.django_db

MATI = "redis://127.0.0.1:9/0"  # the discard port: nothing listens, a connection is refused at once


def _gagal(exc: BaseException) -> Any:
    def mentah(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return mentah


# --- the middleware, through the whole stack ------------------------------------------------------------


def test_api_saat_database_putus_menjawab_503_json_rumah_dengan_retry_after(api_client, monkeypatch):
    monkeypatch.setattr("keluhan.selectors.kategori_keluhan_aktif", _gagal(OperationalError("server closed")))

    respons = api_client.get("/api/v1/kategori-keluhan/")

    assert respons.status_code == 503
    assert respons.json()["galat"]["kode"] == "layanan_tidak_tersedia"
    assert respons.json()["galat"]["pesan"]
    assert int(respons["Retry-After"]) > 0
    assert respons["Cache-Control"] == "no-store"


def test_halaman_saat_koneksi_tertutup_menjawab_503_html_tanpa_jejak_tumpukan(client, monkeypatch):
    monkeypatch.setattr("portal.selectors.cari_katalog", _gagal(InterfaceError("connection already closed")))

    respons = client.get("/")

    assert respons.status_code == 503
    assert respons["Content-Type"].startswith("text/html")
    isi = respons.content.decode()
    assert "SIGAP Tubei" in isi and "503" in isi
    assert "Traceback" not in isi and "InterfaceError" not in isi and "connection already closed" not in isi
    assert respons["Retry-After"]
    # Its inline styles are allowed by their hash, nothing else inline.
    kebijakan = respons.get("Content-Security-Policy", "")
    assert not kebijakan or "'sha256-" in kebijakan


@pytest.mark.parametrize(("akhiran", "jenis"), [(".json", "application/json"), (".xml", "text/xml")])
def test_open311_saat_database_putus_menjawab_daftar_galat_open311(client, monkeypatch, akhiran, jenis):
    monkeypatch.setattr("portal.open311.layanan.daftar_layanan", _gagal(OperationalError("down")))

    respons = client.get(f"/open311/v2/services{akhiran}")

    assert respons.status_code == 503
    assert respons["Content-Type"].startswith(jenis)
    if akhiran == ".json":
        assert json.loads(respons.content)[0]["code"] == 503
    else:
        assert b"<code>503</code>" in respons.content


def test_redis_putus_di_dalam_view_juga_503_bukan_500(api_client, monkeypatch):
    monkeypatch.setattr(
        "keluhan.selectors.kategori_keluhan_aktif", _gagal(redis.exceptions.ConnectionError("refused"))
    )

    assert api_client.get("/api/v1/kategori-keluhan/").status_code == 503


def test_galat_lain_tetap_galat_server_bukan_503(monkeypatch):
    middleware = GangguanMiddleware(lambda r: HttpResponse())

    assert middleware.process_exception(RequestFactory().get("/"), ValueError("bug")) is None


# --- the middleware, for failures outside the view ------------------------------------------------------


def _500_dari_middleware_lain(exc: BaseException) -> Any:
    """What Django does when a middleware below raises: signal inside the except block, then a 500."""

    def get_response(request: HttpRequest) -> HttpResponse:
        try:
            raise exc
        except BaseException:
            got_request_exception.send(sender=None, request=request)
            return HttpResponse("Server Error", status=500)

    return get_response


def test_galat_database_di_middleware_lain_diganti_503():
    middleware = GangguanMiddleware(
        _500_dari_middleware_lain(OperationalError("the database system is starting up"))
    )

    respons = middleware(RequestFactory().get("/api/v1/tiket-saya/"))

    assert respons.status_code == 503
    assert json.loads(respons.content)["galat"]["kode"] == "layanan_tidak_tersedia"


def test_500_karena_bug_di_middleware_lain_tidak_disamarkan_sebagai_gangguan():
    middleware = GangguanMiddleware(_500_dari_middleware_lain(KeyError("bug")))

    assert middleware(RequestFactory().get("/")).status_code == 500


# --- the cache backend --------------------------------------------------------------------------------


def _cache_mati(**opsi: Any) -> CacheTahanGangguan:
    return CacheTahanGangguan(MATI, {"OPTIONS": {"JEDA_PUTUS": 0, **opsi}})


def test_cache_redis_mati_berlaku_sebagai_cache_kosong_tanpa_galat():
    c = _cache_mati()

    assert c.get("a", "bawaan") == "bawaan"
    c.set("a", 1)
    assert c.add("a", 1) is False
    assert c.get_many(["a", "b"]) == {}
    assert c.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert c.has_key("a") is False
    assert c.delete("a") is False
    c.delete_many(["a"])
    assert c.touch("a") is False
    c.clear()
    assert c.get_or_set("a", 5) == 5


def test_cache_redis_mati_membiarkan_pembatas_laju_lolos():
    # A limiter counting with add + incr sees every request as the first of its window.
    c = _cache_mati()

    assert c.incr("hitungan") == 1
    assert c.incr("hitungan", 3) == 3
    assert c.decr("hitungan") == -1
    assert c.hitung_jendela("jendela", 60) == 1


def test_cache_redis_mati_memutus_sementara_tanpa_mencoba_lagi_setiap_panggilan(monkeypatch):
    c = CacheTahanGangguan(MATI, {"OPTIONS": {"JEDA_PUTUS": 60}})
    percobaan = []
    asli = cast(Any, c)._cache.get_client

    def hitung(*args: Any, **kwargs: Any) -> Any:
        percobaan.append(1)
        return asli(*args, **kwargs)

    monkeypatch.setattr(cast(Any, c)._cache, "get_client", hitung)

    for _ in range(5):
        assert c.get("a") is None

    assert len(percobaan) == 1, "after one failure the breaker answers without touching Redis"
    assert c.tersedia() is False


def test_cache_redis_mati_mencatat_satu_peringatan_bukan_satu_per_panggilan(caplog):
    c = CacheTahanGangguan("redis://127.0.0.1:9/1", {"OPTIONS": {"JEDA_PUTUS": 0}})

    with caplog.at_level(logging.WARNING, logger="config.cache_tahan"):
        for _ in range(5):
            c.get("a")

    assert len([r for r in caplog.records if r.name == "config.cache_tahan"]) == 1


def test_cache_memakai_batas_waktu_soket_pendek_bawaan():
    c = _cache_mati()

    assert cast(Any, c)._cache._pool_options["socket_connect_timeout"] == 1.0
    assert cast(Any, c)._cache._pool_options["socket_timeout"] == 1.0
    assert "JEDA_PUTUS" not in cast(Any, c)._cache._pool_options


@pytest.mark.redis
def test_cache_dengan_redis_hidup_bekerja_seperti_cache_biasa(settings):
    c = CacheTahanGangguan(settings.REDIS_URL, {"OPTIONS": {}, "KEY_PREFIX": "uji-cache-tahan"})

    c.set("kunci", {"isi": 1}, 30)
    assert c.get("kunci") == {"isi": 1}
    assert c.add("kunci", 2) is False
    c.delete("angka")
    assert c.add("angka", 0) is True
    assert c.incr("angka") == 1
    c.delete_many(["kunci", "angka"])
    assert c.get("kunci") is None


@pytest.mark.redis
def test_hitungan_jendela_satu_perjalanan_menghitung_dan_kedaluwarsa_sekali(settings):
    """The rate limiter's one-round-trip counter: counts up, sets the window's expiry only on the first
    hit (later hits do not stretch the window), and stays a plain integer that `decr` gives back."""
    c = CacheTahanGangguan(settings.REDIS_URL, {"OPTIONS": {}, "KEY_PREFIX": "uji-cache-tahan"})
    c.delete("jendela")
    klien = cast(Any, c)._cache.get_client(write=True)
    kunci = c.make_and_validate_key("jendela")
    try:
        assert c.hitung_jendela("jendela", 30) == 1
        assert 28 <= klien.ttl(kunci) <= 30
        klien.expire(kunci, 5)
        assert [c.hitung_jendela("jendela", 30) for _ in range(3)] == [2, 3, 4]
        assert klien.ttl(kunci) <= 5, "a later hit must not stretch the window"
        assert c.decr("jendela") == 3
        assert c.get("jendela") == 3
    finally:
        c.delete("jendela")


def test_pengajuan_tetap_diterima_saat_cache_redis_mati(api_client, settings, unit):
    """Rate limits, the holiday calendar and the metrics all read the cache on a submission: with Redis
    down the complaint is still filed (the limiter fails open) — twice past a limit of one."""
    buat_kategori(unit)
    settings.CACHES = {"default": {"BACKEND": "config.cache_tahan.CacheTahanGangguan", "LOCATION": MATI}}
    settings.BATAS = {**settings.BATAS, "pengajuan": "1/1h", "pengajuan_ip": "1/1h"}
    isian = {"kategori": "jalan-rusak", "judul": "Jalan rusak", "isi": "Berlubang.", "kontak_nama": "A"}
    isian["kontak_email"] = "a@contoh.id"
    try:
        kode = [api_client.post("/api/v1/keluhan/", isian, format="json").status_code for _ in range(2)]
    finally:
        cache.close()

    assert kode == [201, 201]


# --- queueing notifications while the broker is down ---------------------------------------------------


def test_broker_mati_tidak_dicoba_untuk_setiap_pesan_dan_baris_menunggu_penyapuan(monkeypatch):
    from kombu.exceptions import OperationalError as BrokerTakTerjangkau

    from antrian.pesan import tugas

    percobaan: list[int] = []

    def tolak(args: tuple[int], **kwargs: Any) -> None:
        percobaan.append(args[0])
        raise BrokerTakTerjangkau("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tugas.kirim_pesan, "apply_async", tolak)
    monkeypatch.setattr(tugas, "_broker_putus_sampai", 0.0)

    tugas.antrekan([1, 2, 3])
    tugas.antrekan([4])

    assert percobaan == [1], "one refusal: the broker is left alone for a while, the sweep queues the rest"
