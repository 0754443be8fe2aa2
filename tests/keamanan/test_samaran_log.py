"""Personal data masked in every log line (UU 27/2022, issue 7 item 6): the default handlers carry the
masking filter, and messages, arguments, tracebacks, request paths and the login lock-out's lines are
masked."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from antrian.models import PesanKeluar
from antrian.pesan import kirim
from antrian.pesan.saluran import GagalKirim
from portal.samaran import (
    SaringLogSamaran,
)
from tests.keamanan._samaran_umum import (
    EMAIL,
    NIK,
    NIK_SAMAR,
    TELEPON_LOKAL,
    _tanpa_data_pribadi,
    _tersamar,
)

# --- log lines -------------------------------------------------------------------------------------------


@pytest.fixture
def keluaran_log() -> Iterator[io.StringIO]:
    """What the configured console handler writes (its filter and formatter as in settings.LOGGING)."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and any(isinstance(f, SaringLogSamaran) for f in h.filters)
    )
    tampung = io.StringIO()
    lama = handler.setStream(tampung)
    yield tampung
    handler.setStream(lama)  # type: ignore[arg-type]


def test_handler_log_bawaan_memakai_saringan_samaran(keluaran_log):
    # Django's own loggers too: they are routed to the same handler.
    for nama in ["", "django", "django.request", "django.server", "antrian.pesan.kirim", "celery"]:
        handlers = _handler_efektif(logging.getLogger(nama))
        assert handlers, nama
        for h in handlers:
            assert any(isinstance(f, SaringLogSamaran) for f in h.filters), f"{nama!r}: {h} tanpa saringan"


def _handler_efektif(logger: logging.Logger) -> list[logging.Handler]:
    """Every handler a record of this logger reaches, as logging.Logger.callHandlers walks them."""
    hasil: list[logging.Handler] = []
    sekarang: logging.Logger | None = logger
    while sekarang is not None:
        hasil.extend(sekarang.handlers)
        if not sekarang.propagate:
            break
        sekarang = sekarang.parent
    # pytest's own capture handlers are not the portal's configuration.
    return [
        h
        for h in hasil
        if "pytest" not in type(h).__module__ and not isinstance(h, logging.NullHandler)  # NullHandler: drops
    ]


def test_log_pengirim_pesan_menyamarkan_penerima_dan_galat_gerbang(tiket_warga, keluaran_log, monkeypatch):
    pesan = PesanKeluar.objects.filter(tiket=tiket_warga).first()
    assert pesan is not None

    class GerbangRusak:
        def kirim(self, **_: Any) -> None:
            # A gateway that echoes the number back in its own spelling, and the e-mail on file.
            raise GagalKirim(f"nomor {TELEPON_LOKAL} ({EMAIL}) tidak terdaftar, NIK {NIK}")

    monkeypatch.setattr(kirim, "ambil_saluran", lambda saluran: GerbangRusak())
    with pytest.raises(GagalKirim):
        kirim.kirim_satu(pesan.pk)
    teks = keluaran_log.getvalue()
    assert f"Pesan {pesan.pk}" in teks
    _tersamar(teks)


def test_log_pengecualian_menyamarkan_teks_traceback(keluaran_log):
    log = logging.getLogger("antrian.services.eskalasi")
    try:
        raise ConnectionError(f"SMTP menolak {EMAIL} / {TELEPON_LOKAL} / {NIK}")
    except ConnectionError:
        log.exception("Pengiriman e-mail eskalasi gagal ke %s", EMAIL)
    teks = keluaran_log.getvalue()
    assert "Traceback" in teks and "ConnectionError" in teks
    _tersamar(teks)


def test_log_permintaan_django_menyamarkan_jalur(client, db, keluaran_log):
    r = client.get(f"/tidak-ada/{NIK}/{TELEPON_LOKAL}/")
    assert r.status_code == 404
    teks = keluaran_log.getvalue()
    assert "Not Found" in teks
    assert NIK not in teks and TELEPON_LOKAL not in teks
    assert NIK_SAMAR in teks


def test_log_kunci_masuk_menyamarkan_identitas(client, db, keluaran_log, warga_ber_nik):
    for _ in range(12):
        client.post("/masuk/", {"username": TELEPON_LOKAL, "password": "salah"})
    # Whatever the login path logged (a lock-out, a refused attempt), it never named the number whole.
    _tanpa_data_pribadi(keluaran_log.getvalue())


def test_caplog_menerima_catatan_yang_sudah_tersamar(caplog, keluaran_log):
    with caplog.at_level(logging.INFO, logger="portal"):
        logging.getLogger("portal.uji").info("daftar %s %s", NIK, EMAIL)
    # The handler's filter rewrote the record before caplog's handler (added later) saw it.
    assert NIK not in caplog.text and EMAIL not in caplog.text
    assert NIK_SAMAR in caplog.text
