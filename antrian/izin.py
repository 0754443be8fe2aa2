"""Who may do what to a tiket.

An `Aktor` is whoever acts: a logged-in user (citizen, officer, manager, admin), a guest who proved the
secret tracking token of one tiket, or the system (auto-assigner, auto-close). It is what services pass to
django-fsm's `has_transition_perm`, whose `permission=` callables below receive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antrian.models import Petugas, Tiket
    from portal.models import Pengguna

GRUP_MANAJER = "manajer"
GRUP_ADMIN = "admin"
GRUP_PETUGAS = "petugas"
GRUP_SUPERVISOR = "supervisor"
GRUP_WARGA = "warga"


@dataclass(eq=False)
class Aktor:
    pengguna: Pengguna | None = None
    tiket_tamu_id: int | None = None
    sistem: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def dari_pengguna(cls, pengguna: Any) -> Aktor:
        if pengguna is None or not getattr(pengguna, "is_authenticated", False):
            return cls()
        return cls(pengguna=pengguna)

    @classmethod
    def dari_permintaan(cls, request: Any) -> Aktor:
        """The actor of this request, built once and kept on it: the view, the API and the page frame
        (frontend.context_processors) share its cached officer and memberships."""
        aktor = getattr(request, "_aktor_sigap", None)
        if aktor is None:
            aktor = cls.dari_pengguna(getattr(request, "user", None))
            request._aktor_sigap = aktor
        return aktor

    @classmethod
    def tamu(cls, tiket_id: int) -> Aktor:
        return cls(tiket_tamu_id=tiket_id)

    @classmethod
    def sistem_otomatis(cls) -> Aktor:
        return cls(sistem=True)

    @property
    def pengguna_id(self) -> int | None:
        return self.pengguna.pk if self.pengguna is not None else None

    @cached_property
    def petugas(self) -> Petugas | None:
        from antrian.models import Petugas

        if self.pengguna is None:
            return None
        return Petugas.objects.filter(pengguna=self.pengguna).first()

    @cached_property
    def peran_unit(self) -> dict[int, str]:
        """unit id -> role, loaded once per request."""
        from antrian.models import Keanggotaan

        if self.petugas is None:
            return {}
        return dict(Keanggotaan.objects.filter(petugas=self.petugas).values_list("unit_id", "peran"))

    @property
    def unit_ids(self) -> set[int]:
        return set(self.peran_unit)

    @property
    def unit_supervisi_ids(self) -> set[int]:
        return {unit for unit, peran in self.peran_unit.items() if peran == "supervisor"}

    @cached_property
    def grup(self) -> set[str]:
        if self.pengguna is None:
            return set()
        return set(self.pengguna.groups.values_list("name", flat=True))

    @property
    def adalah_admin(self) -> bool:
        return self.pengguna is not None and (self.pengguna.is_superuser or GRUP_ADMIN in self.grup)

    @property
    def adalah_manajer(self) -> bool:
        return self.pengguna is not None and (GRUP_MANAJER in self.grup or self.adalah_admin)

    def anggota_unit(self, unit_id: int) -> bool:
        return unit_id in self.peran_unit

    def supervisor_unit(self, unit_id: int) -> bool:
        return self.peran_unit.get(unit_id) == "supervisor"

    def ditugasi(self, tiket: Tiket) -> bool:
        return self.petugas is not None and tiket.petugas_id == self.petugas.pk

    def pemilik(self, tiket: Tiket) -> bool:
        """The citizen who filed the tiket: by account, or a guest holding its token."""
        if self.tiket_tamu_id is not None and self.tiket_tamu_id == tiket.pk:
            return True
        return self.pengguna is not None and tiket.pemohon_id == self.pengguna.pk

    def boleh_lihat(self, tiket: Tiket) -> bool:
        return self.pemilik(tiket) or self.anggota_unit(tiket.unit_id) or self.adalah_manajer


# --- permission callables for django-fsm transitions: (tiket, aktor) -> bool --------------------------


def _izin_fsm(fungsi: Callable[[Tiket, Aktor], bool]) -> Any:
    # django-fsm passes whatever the service hands to has_transition_perm (here an Aktor, not a User);
    # its stubs only know users, so the callables are typed loosely at that boundary.
    return fungsi


@_izin_fsm
def boleh_tugaskan(tiket: Tiket, aktor: Aktor) -> bool:
    return aktor.sistem or aktor.supervisor_unit(tiket.unit_id)


def boleh_klaim_di(aktor: Aktor, unit_id: int, strategi: str) -> bool:
    """Officers pick tikets themselves only in a unit whose strategy is claiming ("klaim"); elsewhere the
    supervisor or the auto-assigner gives the work out. The supervisor may always take one."""
    if aktor.petugas is None or not aktor.anggota_unit(unit_id):
        return False
    return strategi == "klaim" or aktor.supervisor_unit(unit_id)


@_izin_fsm
def boleh_ambil(tiket: Tiket, aktor: Aktor) -> bool:
    if aktor.petugas is None or not aktor.anggota_unit(tiket.unit_id):
        return False  # no query for the unit's strategy when the answer is already no
    return boleh_klaim_di(aktor, tiket.unit_id, tiket.unit.strategi_penugasan)


@_izin_fsm
def boleh_lepaskan(tiket: Tiket, aktor: Aktor) -> bool:
    return aktor.ditugasi(tiket) or aktor.supervisor_unit(tiket.unit_id)


@_izin_fsm
def boleh_kerjakan(tiket: Tiket, aktor: Aktor) -> bool:
    """Only the assigned officer works the tiket (mulai, minta_kelengkapan, selesaikan)."""
    return aktor.ditugasi(tiket) and aktor.anggota_unit(tiket.unit_id)


@_izin_fsm
def boleh_warga(tiket: Tiket, aktor: Aktor) -> bool:
    return aktor.pemilik(tiket)


@_izin_fsm
def boleh_tutup(tiket: Tiket, aktor: Aktor) -> bool:
    return aktor.sistem or aktor.pemilik(tiket)


@_izin_fsm
def boleh_tolak(tiket: Tiket, aktor: Aktor) -> bool:
    # Any officer of the unit may reject from the queue (spam, duplicates); once assigned, only the
    # assigned officer; the supervisor always.
    if aktor.supervisor_unit(tiket.unit_id):
        return True
    if not aktor.anggota_unit(tiket.unit_id):
        return False
    return tiket.petugas_id is None or aktor.ditugasi(tiket)


@_izin_fsm
def boleh_alihkan(tiket: Tiket, aktor: Aktor) -> bool:
    return aktor.supervisor_unit(tiket.unit_id)
