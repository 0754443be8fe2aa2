"""Writing a batch fast: ids taken up front, then one bulk insert per table (COPY on PostgreSQL).

Ids are reserved before the rows are written because rows name each other (the tiket's number carries
its id, an event names its reply, the metrics row its last event): on PostgreSQL from the tables' own
sequences (safe beside a running portal), on SQLite from max(id) inside the batch's IMMEDIATE transaction,
which holds the database's write lock.

Event stream positions (`Peristiwa.urutan`): SQLite's trigger copies the id, as for every event. On
PostgreSQL the deferred trigger of migration 0005 would run one UPDATE per event at COMMIT — most of the
load's time. So, when the role may (a superuser), the batch runs with `session_replication_role =
replica` for its own transaction only, which skips the triggers (the urutan trigger and the foreign-key
checks: every id written here was just reserved or read), and numbers the events itself exactly as the
trigger would: under the same transaction-level advisory lock, taken just before the events are written
and held until COMMIT, from the same sequence, in insertion order. A transaction committing meanwhile
waits for the lock, so positions still follow commit order. Without the privilege, the trigger does it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import DatabaseError, connection, models, transaction

from antrian.realtime import KUNCI_URUTAN_PERISTIWA

_KOSONG = object()


def ambil_id(model: type[models.Model], jumlah: int) -> list[int]:
    """`jumlah` fresh primary keys of the model's table. Call inside the batch's transaction."""
    if jumlah == 0:
        return []
    tabel = model._meta.db_table
    with connection.cursor() as kursor:
        if connection.vendor == "postgresql":
            kursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [tabel, jumlah],
            )
            return [baris[0] for baris in kursor.fetchall()]
        # The table name is the model's own, quoted: no outside input reaches this statement.
        kursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(tabel)}")  # noqa: S608
        awal = int(kursor.fetchone()[0]) + 1
        return list(range(awal, awal + jumlah))


def lewati_pemicu() -> bool:
    """PostgreSQL: skip triggers for the rest of this transaction if the role may. Returns whether."""
    if connection.vendor != "postgresql":
        return False
    try:
        with transaction.atomic(), connection.cursor() as kursor:
            kursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True


def beri_urutan(peristiwa: list[dict[str, Any]]) -> None:
    """Number the events as migration 0005's trigger would at COMMIT (see the module docstring). Only with
    the triggers skipped; the advisory lock is held until this transaction ends."""
    with connection.cursor() as kursor:
        kursor.execute("SELECT pg_advisory_xact_lock(%s)", [KUNCI_URUTAN_PERISTIWA])
        kursor.execute(
            "SELECT nextval('antrian_peristiwa_urutan_seq') FROM generate_series(1, %s)", [len(peristiwa)]
        )
        for baris, (urutan,) in zip(peristiwa, kursor.fetchall(), strict=True):
            baris["urutan"] = urutan


class Penulis:
    """Bulk inserts of rows given as {attname: value}: COPY on PostgreSQL (`metode="copy"`), else the
    ORM's bulk_create in chunks."""

    def __init__(self, metode: str = "auto") -> None:
        if metode == "auto":
            metode = "copy" if connection.vendor == "postgresql" else "orm"
        if metode == "copy" and connection.vendor != "postgresql":
            raise ValueError("COPY needs PostgreSQL")
        self.metode = metode
        self.baris_ditulis = 0

    def tulis(self, model: type[models.Model], baris: Sequence[dict[str, Any] | models.Model]) -> None:
        if not baris:
            return
        self.baris_ditulis += len(baris)
        if self.metode == "copy":
            self._copy(model, baris)
        else:
            objek = [b if isinstance(b, models.Model) else model(**b) for b in baris]
            model._default_manager.bulk_create(objek, batch_size=1000)

    def _copy(self, model: type[models.Model], baris: Sequence[dict[str, Any] | models.Model]) -> None:
        contoh = baris[0].__dict__ if isinstance(baris[0], models.Model) else baris[0]
        # An auto primary key the rows do not carry is left to the table's own sequence.
        medan = [
            f
            for f in model._meta.concrete_fields
            if not (isinstance(f, models.AutoField) and contoh.get(f.attname) is None)
        ]
        bawaan = [f.get_default() if f.has_default() or f.null else _KOSONG for f in medan]
        json_di = {i for i, f in enumerate(medan) if isinstance(f, models.JSONField)}
        kolom = ", ".join(connection.ops.quote_name(f.column) for f in medan)
        tabel = connection.ops.quote_name(model._meta.db_table)
        connection.ensure_connection()
        with (
            connection.connection.cursor() as kursor,  # type: ignore[union-attr]
            kursor.copy(f"COPY {tabel} ({kolom}) FROM STDIN") as copy,
        ):
            for b in baris:
                nilai = b.__dict__ if isinstance(b, models.Model) else b
                row = []
                for i, f in enumerate(medan):
                    v = nilai.get(f.attname, bawaan[i])
                    if v is _KOSONG:
                        raise ValueError(f"{model.__name__}.{f.attname} has no value")
                    if i in json_di:
                        v = json.dumps(v)
                    row.append(v)
                copy.write_row(row)
