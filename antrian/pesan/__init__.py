"""Notifications: messages to citizens (e-mail, SMS, WhatsApp) and in-app notifications to officers.

The entry point is `setelah_peristiwa`, called for every tiket event by
`antrian.services._umum.catat_peristiwa` (antrian.pesan.pemicu says what each event triggers). Sending
happens in Celery jobs (antrian.pesan.tugas) through pluggable channels (antrian.pesan.saluran).
"""

from __future__ import annotations

from antrian.pesan.pemicu import pesan_warga_antrekan, setelah_peristiwa

__all__ = ["pesan_warga_antrekan", "setelah_peristiwa"]
