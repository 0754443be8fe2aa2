"""One tiket's life, simulated: the events the services would have written, in order, with their times.

Each step is a real transition of `Tiket` (or a reply), with the event fields `antrian.services` writes:
who acted (`aktor`), the officer it is attributed to (`petugas_id`), the unit holding the tiket after it,
the public flag, and `data` — `jenis`/`layanan`/`tenggat` on `ajukan`, the moved `tenggat` on `lengkapi`,
`alasan` on `tolak`, `unit_tujuan`/`unit_asal` on `alihkan`, `otomatis` on `tutup`, `produk` on a
permohonan's `selesaikan`, and `tanggapan`/`dari_petugas` when a reply row comes with it.

Officers act in working time (the unit's calendar, `tambah_waktu_kerja`), scaled by their own speed;
citizens act in calendar time. The whole life is simulated, then cut at "now": a recent tiket simply has
not got further yet, which gives the open backlog (and its overdue part) the shape a real queue has.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from antrian.kalender import Kalender
from portal.demo.sejarah import data
from portal.demo.sejarah.jenis import Balasan, Hidup, Kejadian, Pengajuan, lognormal
from portal.demo.sejarah.orang import Orang, Staf

_SATU_DETIK = dt.timedelta(seconds=1)
# Queue pressure per unit: how long a tiket waits to be picked up, relative to the rest.
BEBAN_UNIT = {
    "disdukcapil": 1.4,
    "dpmptsp": 1.0,
    "dinsos": 1.7,
    "pupr": 1.3,
    "dinkes": 0.9,
    "inspektorat": 2.2,
}
JAM_HARI_KERJA = 7.5


class Simulasi:
    def __init__(
        self,
        *,
        acak: random.Random,
        kalender: Callable[[int], Kalender],
        tenggat: Callable[[int, dt.datetime, int], dt.datetime],
        staf: dict[int, Staf],
        kode_unit: dict[int, str],
        sekarang: dt.datetime,
        catatan_tutup_otomatis: str,
        hari_buka_kembali: int,
    ) -> None:
        self.acak = acak
        self.kalender = kalender
        self.tenggat = tenggat
        self.staf = staf
        self.kode_unit = kode_unit
        self.sekarang = sekarang
        self.catatan_tutup_otomatis = catatan_tutup_otomatis
        self.hari_buka_kembali = hari_buka_kembali
        self.unit_alih = {u: [x for x in staf if x != u and staf[x].petugas] for u in staf}
        self.inspektorat = next((u for u, k in kode_unit.items() if k == "inspektorat"), None)

    def hidup(self, p: Pengajuan) -> Hidup:
        return _Jalan(self, p).jalankan()


class _Jalan:
    """The state of one tiket while its life is simulated (as `Tiket`'s transitions would leave it)."""

    def __init__(self, sim: Simulasi, p: Pengajuan) -> None:
        self.sim, self.p, self.acak = sim, p, sim.acak
        self.status = "diajukan"
        self.unit_id = p.unit_id
        self.petugas: Orang | None = None
        self.t = p.waktu
        self.tenggat = sim.tenggat(p.unit_id, p.waktu, p.jangka_hari)
        self.jeda_sejak: dt.datetime | None = None
        self.kejadian: list[Kejadian] = []

    # --- clocks ------------------------------------------------------------------------------------------

    def kerja(self, jam: float) -> dt.datetime:
        """`jam` working hours after the last event, on the calendar of the unit holding the tiket."""
        return self.sim.kalender(self.unit_id).tambah_waktu_kerja(self.t, dt.timedelta(hours=jam))

    def kalender_jam(self, jam: float) -> dt.datetime:
        return self.t + dt.timedelta(hours=jam)

    # --- writing events ----------------------------------------------------------------------------------

    def catat(
        self,
        waktu: dt.datetime,
        jenis: str,
        aksi: str,
        ke: str | None,
        *,
        aktor: Orang | None,
        petugas_id: int | None = None,
        **lain: Any,
    ) -> Kejadian:
        # Events of one tiket are strictly ordered in time, as commits of one row lock are.
        self.t = max(waktu, self.t + _SATU_DETIK)
        dari = self.status
        if ke is not None:
            self.status = ke
        if petugas_id is None and aktor is not None:
            petugas_id = aktor.petugas_id
        k = Kejadian(
            jenis=jenis,
            aksi=aksi,
            dari=dari if aksi != "ajukan" else "",
            ke=self.status,
            waktu=self.t,
            aktor_id=aktor.pengguna_id if aktor is not None else None,
            petugas_id=petugas_id,
            unit_id=self.unit_id,
            **lain,
        )
        self.kejadian.append(k)
        return k

    def _warga(self) -> Orang | None:
        return Orang(self.p.pemohon_id) if self.p.pemohon_id is not None else None

    def _pilih_petugas(self) -> Orang:
        return self.acak.choice(self.sim.staf[self.unit_id].petugas)

    def _supervisor(self) -> Orang:
        s = self.sim.staf[self.unit_id]
        return self.acak.choice(s.supervisor or s.petugas)

    # --- the life ----------------------------------------------------------------------------------------

    def jalankan(self) -> Hidup:
        a, p = self.acak, self.p
        self.catat(
            p.waktu,
            "pengajuan",
            "ajukan",
            "diajukan",
            aktor=self._warga(),
            data={"jenis": p.jenis, "layanan": p.layanan, "tenggat": self.tenggat.isoformat()},
        )
        tenggat_awal = self.tenggat
        laju = 1.0
        nasib = a.random()
        if nasib < 0.012:
            self._batalkan()
        elif nasib < 0.032:
            self._tolak(self._pilih_petugas(), a.choice(["duplikat", "spam", "duplikat", "bukan_wewenang"]))
        else:
            if a.random() < 0.04 and self.sim.unit_alih[self.unit_id]:
                self._alihkan()
            laju = self._kerjakan()
        return Hidup(
            kejadian=[k for k in self.kejadian if k.waktu <= self.sim.sekarang],
            tenggat_awal=tenggat_awal,
            laju=laju,
        )

    def _batalkan(self) -> None:
        self.catat(
            self.kalender_jam(lognormal(self.acak, 8, 1.0)),
            "transisi",
            "batalkan",
            "dibatalkan",
            aktor=self._warga(),
            catatan=self.acak.choice(data.CATATAN_BATAL),
        )

    def _tolak(self, oleh: Orang, alasan: str, jam: float = 3.0) -> None:
        self.catat(
            self.kerja(lognormal(self.acak, jam, 0.8)),
            "transisi",
            "tolak",
            "ditolak",
            aktor=oleh,
            catatan=data.CATATAN_TOLAK[alasan],
            data={"alasan": alasan},
        )

    def _alihkan(self) -> None:
        a = self.acak
        oleh = self._supervisor()
        asal = self.unit_id
        # Complaints about conduct end up at the Inspectorate more often than anywhere else.
        tujuan = self.sim.inspektorat
        if tujuan is None or tujuan == asal or self.p.jenis != "keluhan" or a.random() >= 0.4:
            tujuan = a.choice(self.sim.unit_alih[asal])
        waktu = self.kerja(lognormal(a, 4, 0.7))
        self.unit_id = tujuan
        self.petugas = None
        self.catat(
            waktu,
            "pengalihan",
            "alihkan",
            "diajukan",
            aktor=oleh,
            catatan=data.ALASAN_ALIH,
            data={"unit_tujuan": tujuan, "unit_asal": asal},
        )

    def _kerjakan(self) -> float:
        """Claimed or assigned, worked, maybe paused for the citizen, resolved, maybe reopened, closed."""
        a = self.acak
        beban = BEBAN_UNIT.get(self.sim.kode_unit[self.unit_id], 1.0)
        petugas = self._pilih_petugas()
        waktu = self.kerja(lognormal(a, 2.5 * beban, 0.9))
        if a.random() < 0.75:
            self.catat(
                waktu, "penugasan", "ambil", "ditugaskan", aktor=petugas, data={"petugas": petugas.petugas_id}
            )
        else:
            self.catat(
                waktu,
                "penugasan",
                "tugaskan",
                "ditugaskan",
                aktor=self._supervisor(),
                petugas_id=petugas.petugas_id,
                data={"petugas": petugas.petugas_id},
            )
        self.petugas = petugas
        laju = petugas.laju * (lognormal(a, 4.0, 0.4) if a.random() < 0.03 else 1.0)  # a forgotten tiket
        if a.random() < 0.0085:
            self._batalkan()
            return laju
        self.catat(self.kerja(lognormal(a, 1.5 * laju, 0.8)), "transisi", "mulai", "diproses", aktor=petugas)
        if a.random() < 0.10:
            self._balas(petugas, lognormal(a, 0.5, 0.6), a.choice(data.CATATAN_INTERNAL), internal=True)
        if a.random() < 0.35:
            self._balas(petugas, lognormal(a, 2 * laju, 0.8), a.choice(data.BALASAN_PETUGAS))
        if a.random() < 0.032:
            self._tolak(petugas, a.choice(["tidak_lengkap", "tidak_lengkap", "bukan_wewenang"]), 6 * laju)
            return laju
        if a.random() < 0.15 and not self._minta_kelengkapan(petugas, laju):
            return laju  # the citizen never answered: it waits for them still
        # Working time to resolve, relative to the service's term: most well inside it, a slow tail past it.
        jam = max(self.p.jangka_hari, 1) * JAM_HARI_KERJA * lognormal(a, 0.33 * laju, 0.75)
        self._selesaikan(petugas, jam)
        if a.random() < 0.03:
            self._buka_kembali()
            self._selesaikan(petugas, lognormal(a, 6 * laju, 0.7))
        self._tutup()
        return laju

    def _balas(self, oleh: Orang, jam: float, isi: str, *, internal: bool = False) -> None:
        self.catat(
            self.kerja(jam),
            "tanggapan",
            "catatan_internal" if internal else "tanggapi",
            None,
            aktor=oleh,
            catatan=isi,
            publik=not internal,
            data={"dari_petugas": True},
            balasan=Balasan(penulis_id=oleh.pengguna_id, dari_petugas=True, isi=isi, internal=internal),
        )

    def _minta_kelengkapan(self, petugas: Orang, laju: float) -> bool:
        """Pause for the citizen; False if they never answer. On their answer the tenggat moves by exactly
        the paused working time, as `tiket_lengkapi` computes it."""
        a = self.acak
        pesan = a.choice(data.MINTA_KELENGKAPAN)
        mulai = self.catat(
            self.kerja(lognormal(a, 3 * laju, 0.8)),
            "transisi",
            "minta_kelengkapan",
            "menunggu_warga",
            aktor=petugas,
            catatan=pesan,
            data={"dari_petugas": True},
            balasan=Balasan(penulis_id=petugas.pengguna_id, dari_petugas=True, isi=pesan),
        )
        if a.random() < 0.06:
            return False
        waktu = max(self.kalender_jam(lognormal(a, 30, 1.0)), mulai.waktu + _SATU_DETIK)
        kal = self.sim.kalender(self.unit_id)
        jeda_kerja = kal.waktu_kerja_antara(mulai.waktu, waktu)
        ubah: dict[str, Any] = {}
        if jeda_kerja:
            self.tenggat = kal.tambah_waktu_kerja(self.tenggat, jeda_kerja)
            ubah["tenggat"] = self.tenggat.isoformat()
        pesan = a.choice(data.JAWAB_WARGA)
        warga = self._warga()
        self.catat(
            waktu,
            "transisi",
            "lengkapi",
            "diproses",
            aktor=warga,
            catatan=pesan,
            data={**ubah, "dari_petugas": False},
            balasan=Balasan(penulis_id=warga.pengguna_id if warga else None, dari_petugas=False, isi=pesan),
            jeda_kerja=jeda_kerja,
        )
        return True

    def _selesaikan(self, petugas: Orang, jam: float) -> None:
        catatan = (
            data.SELESAI_PERMOHONAN
            if self.p.jenis == "permohonan"
            else self.acak.choice(data.SELESAI_KELUHAN)
        )
        self.catat(
            self.kerja(jam),
            "transisi",
            "selesaikan",
            "selesai",
            aktor=petugas,
            catatan=catatan,
            data={**({"produk": self.p.produk} if self.p.produk else {}), "dari_petugas": True},
            balasan=Balasan(penulis_id=petugas.pengguna_id, dari_petugas=True, isi=catatan),
        )

    def _batas_tutup(self) -> dt.datetime:
        """The close of the 10th working day after the resolution: the reopen window and the auto-close."""
        return self.sim.kalender(self.unit_id).tambah_hari_kerja(self.t, self.sim.hari_buka_kembali)

    def _buka_kembali(self) -> None:
        """The clock stood still while the tiket stood resolved: the tenggat moves by that working time,
        as `tiket_buka_kembali` computes it."""
        selesai = self.t
        waktu = min(self.kalender_jam(self.acak.uniform(6, 144)), self._batas_tutup())
        kal = self.sim.kalender(self.unit_id)
        jeda_kerja = kal.waktu_kerja_antara(selesai, waktu)
        ubah: dict[str, Any] = {}
        if jeda_kerja:
            self.tenggat = kal.tambah_waktu_kerja(self.tenggat, jeda_kerja)
            ubah["tenggat"] = self.tenggat.isoformat()
        self.catat(
            waktu,
            "transisi",
            "buka_kembali",
            "diproses",
            aktor=self._warga(),
            catatan=self.acak.choice(data.ALASAN_BUKA_KEMBALI),
            data=ubah,
            jeda_kerja=jeda_kerja,
        )

    def _tutup(self) -> None:
        a = self.acak
        batas = self._batas_tutup()
        oleh_warga = self.p.pemohon_id is not None and a.random() < 0.45
        waktu = self.kalender_jam(lognormal(a, 20, 1.0)) if oleh_warga else batas
        if not oleh_warga or waktu > batas:
            # `manage.py tugas_berkala` closes it on its next run after the window has passed.
            self.catat(
                batas + dt.timedelta(minutes=a.uniform(1, 59)),
                "transisi",
                "tutup",
                "ditutup",
                aktor=None,
                catatan=self.sim.catatan_tutup_otomatis,
                data={"otomatis": True},
            )
            return
        self.catat(
            waktu,
            "transisi",
            "tutup",
            "ditutup",
            aktor=self._warga(),
            catatan=a.choice(data.CATATAN_TUTUP_WARGA),
            data={"otomatis": False},
        )
