# ruff: noqa: E501
"""Figures and the consistency check of the load run (benchmarks/load.py), from the client processes'
records, the servers' commit times and the database.

Submissions: every key that got a tiket (201, or 200 for a resend) is in the database exactly once and
names that tiket; every tiket filed during the run has a key (nothing filed twice, nothing unaccounted).
Listeners: each received, exactly once, every event of its scope the database holds after the position it
started from — the same scope the server uses for a reconnect's catch-up (`susulan_petugas`,
`peristiwa_untuk`) — and nothing outside it; each dashboard's last counters equal the database's.
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

from benchmarks import _umum as u

KLAIM_KOSONG = ("POST /api/v1/antrian/klaim/", 404)  # "no tiket waiting": an answer, not an error


def waktu_komit(folder: Path) -> dict[int, float]:
    """When each event's transaction committed (its on_commit hand-over in a gunicorn worker)."""
    hasil: dict[int, float] = {}
    for berkas in folder.glob("komit-*.txt"):
        for baris in berkas.read_text().splitlines():
            bagian = baris.split()
            if len(bagian) == 3 and bagian[0] == "K":
                hasil.setdefault(int(bagian[1]), float(bagian[2]))
    return hasil


def angka_http(permintaan: list[tuple[str, float, float, int]], detik: float) -> tuple[list[str], int]:
    """Throughput, per-endpoint percentiles and errors by status. Returns (lines, error count)."""
    p = u.persentil
    per_nama: dict[str, list[float]] = collections.defaultdict(list)
    status_nama: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
    for nama, _t, ms, status in permintaan:
        per_nama[nama].append(ms)
        status_nama[nama][status] += 1
    galat = collections.Counter(
        {
            (nama, s): n
            for nama, c in status_nama.items()
            for s, n in c.items()
            if not (200 <= s < 300) and (nama, s) != KLAIM_KOSONG
        }
    )
    semua = [x for _nama, _t, x, _s in permintaan]
    baris = [
        f"HTTP requests: {len(permintaan)} in {detik:.0f} s -> {len(permintaan) / max(detik, 1e-9):.1f} req/s; "
        f"all endpoints p50 {p(semua, 50):.0f} ms, p95 {p(semua, 95):.0f} ms, p99 {p(semua, 99):.0f} ms",
        f"{'endpoint':<46} {'n':>6} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  statuses",
    ]
    for nama in sorted(per_nama):
        daftar = per_nama[nama]
        st = " ".join(f"{s}x{n}" for s, n in sorted(status_nama[nama].items()))
        baris.append(
            f"{nama:<46} {len(daftar):>6} {len(daftar) / max(detik, 1e-9):>7.2f} {p(daftar, 50):>7.0f} "
            f"{p(daftar, 95):>7.0f} {p(daftar, 99):>7.0f} {max(daftar):>7.0f}  {st}"
        )
    kosong = status_nama["POST /api/v1/antrian/klaim/"][404]
    jumlah_galat = sum(galat.values())
    ringkas = ", ".join(f"{nama} -> {s}: {n}" for (nama, s), n in galat.most_common())
    baris.append(
        f"errors (any status other than 2xx; 0 = timeout, -1 = connection error): {jumlah_galat}"
        + (f" [{ringkas}]" if ringkas else "")
        + f"; claims answered 404 'queue empty' (not an error): {kosong}"
    )
    return baris, jumlah_galat


def periksa_pengajuan(
    pengajuan: list[dict[str, Any]], ulang: list[dict[str, Any]], tiket_id_awal: int
) -> tuple[list[str], bool]:
    from antrian.models import KunciIdempoten, Tiket

    kunci = [r["kunci"] for r in pengajuan]
    baris_db: dict[str, list[str | None]] = collections.defaultdict(list)
    for i in range(0, len(kunci), 2000):
        for k, nomor in KunciIdempoten.objects.filter(kunci__in=kunci[i : i + 2000]).values_list(
            "kunci", "tiket__nomor"
        ):
            baris_db[k].append(nomor)
    diterima = [r for r in pengajuan if r["nomor"]]
    tanpa_nomor = [r for r in pengajuan if not r["nomor"]]
    tak_tentu = [r for r in tanpa_nomor if any(s <= 0 or s >= 500 for s in r["status"])]
    ditolak = [r for r in tanpa_nomor if not any(s <= 0 or s >= 500 for s in r["status"])]
    tidak_sekali = [r["kunci"] for r in diterima if len(baris_db.get(r["kunci"], [])) != 1]
    salah_tiket = [r["kunci"] for r in diterima if baris_db.get(r["kunci"]) not in ([r["nomor"]], None)]
    baru = set(Tiket.objects.filter(id__gt=tiket_id_awal).values_list("nomor", flat=True))
    punya_kunci = {n for daftar in baris_db.values() for n in daftar}
    tanpa_kunci = baru - punya_kunci
    ulang_salah = [x for x in ulang if x["status"] != 200 or x["nomor"] != x["asli"]]
    coba_ulang = sum(1 for r in pengajuan if len(r["status"]) > 1)
    ok = not (tidak_sekali or salah_tiket or tanpa_kunci or ulang_salah or ditolak)
    baris = [
        f"submissions: {len(pengajuan)} keys; accepted {len(diterima)} "
        f"({sum(1 for r in diterima if r['jenis'] == 'keluhan')} keluhan, "
        f"{sum(1 for r in diterima if r['jenis'] == 'permohonan')} permohonan; "
        f"{sum(1 for r in diterima if r['pk'])} with an account, {sum(1 for r in diterima if not r['pk'])} as guests); "
        f"refused (4xx) {len(ditolak)}; outcome unknown to the client after 3 tries {len(tak_tentu)} "
        f"(of which in the database {sum(1 for r in tak_tentu if baris_db.get(r['kunci']))}); "
        f"keys retried after a timeout/5xx {coba_ulang}",
        f"consistency, submissions: accepted keys not in the database exactly once: {len(tidak_sekali)}; "
        f"naming another tiket: {len(salah_tiket)}; tikets filed during the run: {len(baru)}, of them without "
        f"a key: {len(tanpa_kunci)}; deliberate resends of a key: {len(ulang)}, not answered 200 with the same "
        f"tiket: {len(ulang_salah)} -> {'OK' if ok else 'FAILED'}",
    ]
    return baris, ok


def _harapan(p: Any, u_akhir: int) -> set[int]:
    from antrian import selectors
    from antrian.izin import Aktor
    from antrian.models import Petugas
    from portal.models import Pengguna

    if p.jenis == "petugas":
        aktor = Aktor.dari_pengguna(Petugas.objects.select_related("pengguna").get(pk=p.kunci).pengguna)
        susulan = selectors.susulan_petugas(aktor=aktor, sejak=p.sejak, batas=10**9).peristiwa
        return {e.urutan for e in susulan if e.urutan is not None and e.urutan <= u_akhir}
    aktor = Aktor.dari_pengguna(Pengguna.objects.get(pk=p.pengguna)) if p.pengguna else Aktor()
    tiket, aktor = selectors.tiket_untuk(aktor=aktor, nomor=p.kunci, token=p.token)
    qs = selectors.peristiwa_untuk(tiket=tiket, aktor=aktor).filter(urutan__gt=p.sejak, urutan__lte=u_akhir)
    return {x for x in qs.values_list("urutan", flat=True) if x is not None}


def periksa_pendengar(
    pendengar: list[Any], u_akhir: int, komit: dict[int, float]
) -> tuple[list[str], bool, dict[str, list[float]]]:
    from antrian import selectors
    from antrian.izin import Aktor
    from portal.models import Pengguna

    p_ = u.persentil
    per_jenis: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    latensi: dict[str, list[float]] = collections.defaultdict(list)
    contoh: list[str] = []
    dasbor_db: dict[int, dict[int, dict[str, int]]] = {}
    for p in pendengar:
        c = per_jenis[p.jenis]
        c["klien"] += 1
        c["tersambung"] += 1 if p.t_sambung else 0
        c["gagal"] += 1 if p.gagal or not p.t_sambung else 0
        c["putus"] += len(p.putus)
        c["muat_ulang"] += len(p.muat_ulang)
        if p.jenis == "dasbor":
            if p.kunci not in dasbor_db:
                aktor = Aktor.dari_pengguna(Pengguna.objects.get(pk=p.kunci))
                dasbor_db[p.kunci] = {
                    b["unit"]: {k: b[k] for k in ("baru", "ditugaskan", "terlambat", "selesai_hari_ini")}
                    for b in selectors.penghitung_dasbor(aktor=aktor)
                }
            beda = sum(1 for unit, nilai in dasbor_db[p.kunci].items() if p.dasbor.get(unit) != nilai)
            c["frame"] += p.bingkai_dasbor
            c["unit_berbeda"] += beda
            if beda and len(contoh) < 5:
                contoh.append(f"dashboard {p.kunci}: {beda} unit(s) differ from the database")
            continue
        harap = _harapan(p, u_akhir)
        lihat = collections.Counter(ur for _t, ur, _i in p.terima)
        muat = max(p.muat_ulang, default=0)
        tak_terkirim = harap - set(lihat)
        # Not sent as a frame but covered by the page reload the client was told to do.
        lewat_muat = {x for x in tak_terkirim if x <= muat}
        hilang = tak_terkirim - lewat_muat
        lebih = set(lihat) - harap
        c["diharap"] += len(harap)
        c["diterima"] += len(harap & set(lihat))
        c["hilang"] += len(hilang)
        c["lewat_muat"] += len(lewat_muat)
        c["ganda"] += sum(n - 1 for n in lihat.values() if n > 1)
        c["lebih"] += len(lebih)
        c["klien_hilang"] += 1 if hilang else 0
        if (hilang or lebih) and len(contoh) < 5:
            contoh.append(
                f"{p.jenis} {p.kunci}: missing {sorted(hilang)[:5]}, unexpected {sorted(lebih)[:5]}"
            )
        pertama: dict[int, tuple[float, int]] = {}
        for t, ur, id_ in p.terima:
            pertama.setdefault(ur, (t, id_))
        for t, id_ in pertama.values():
            if id_ in komit:
                latensi[p.jenis].append((t - komit[id_]) * 1000)
    ok = True
    baris = []
    for jenis in ("petugas", "tiket", "dasbor"):
        if jenis not in per_jenis:
            continue
        c = per_jenis[jenis]
        teks = (
            f"listeners {jenis}: {c['tersambung']}/{c['klien']} connected (failed {c['gagal']}); "
            f"drops+reconnects {c['putus']}; reload requests (muat_ulang) {c['muat_ulang']}"
        )
        if jenis == "dasbor":
            teks += f"; counter frames {c['frame']}; units whose last counters differ from the database {c['unit_berbeda']}"
            ok = ok and c["unit_berbeda"] == 0 and c["gagal"] == 0
        else:
            lat = latensi[jenis]
            teks += (
                f"; events expected {c['diharap']}, delivered {c['diterima']}, covered only by a reload "
                f"{c['lewat_muat']}, missing {c['hilang']} "
                f"(clients missing any {c['klien_hilang']}), duplicates {c['ganda']}, outside the scope {c['lebih']}; "
                f"latency from commit ms p50 {p_(lat, 50):.0f} p95 {p_(lat, 95):.0f} p99 {p_(lat, 99):.0f} "
                f"max {max(lat, default=0):.0f} (n={len(lat)})"
            )
            ok = ok and c["hilang"] == 0 and c["ganda"] == 0 and c["lebih"] == 0 and c["gagal"] == 0
        baris.append(teks)
    semua = [x for v in latensi.values() for x in v]
    baris.append(
        f"websocket delivery latency, commit -> client, all event frames: p50 {p_(semua, 50):.0f} ms, "
        f"p95 {p_(semua, 95):.0f} ms, p99 {p_(semua, 99):.0f} ms, max {max(semua, default=0):.0f} ms (n={len(semua)})"
    )
    baris.append(
        f"consistency, listeners -> {'OK' if ok else 'FAILED'}" + (f"; e.g. {contoh}" if contoh else "")
    )
    return baris, ok, latensi
