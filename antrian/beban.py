"""Officers' open workload: the measure capacity is checked against, shared by the auto-assigner, the
claim and the list of a unit's officers (a read, scoped by who asks, like `antrian.selectors`)."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from antrian.exceptions import TidakDiizinkan, TidakDitemukan
from antrian.izin import Aktor
from antrian.models import Keanggotaan, Peran, Tiket, Unit
from antrian.models.tiket import STATUS_TERBUKA


def beban_terbuka(petugas_ref: str = "pk") -> Coalesce:
    """The open workload of the officer at `petugas_ref` (tikets assigned and not yet completed, rejected
    or cancelled, in every unit) as a correlated subquery, so a list of officers stays one query."""
    jumlah = (
        Tiket.objects.filter(petugas=OuterRef(petugas_ref), status__in=STATUS_TERBUKA)
        .order_by()
        .values("petugas")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(jumlah), Value(0), output_field=IntegerField())


def hitung_beban(petugas_id: int) -> int:
    return Tiket.objects.filter(petugas_id=petugas_id, status__in=STATUS_TERBUKA).count()


def petugas_unit_untuk(*, aktor: Aktor, kode: str) -> QuerySet[Keanggotaan]:
    """The members of a unit with their open workload, so a supervisor can choose whom to assign:
    supervisors first, then by name.

    Officers and supervisors of the unit and managers see it; an officer of another unit gets the same
    answer as for a unit that does not exist; citizens are refused outright.
    """
    if aktor.petugas is None and not aktor.adalah_manajer:
        raise TidakDiizinkan(_("The list of officers is only for unit officers and managers."))
    unit = Unit.objects.filter(kode=kode).first()
    if unit is None or not (aktor.adalah_manajer or aktor.anggota_unit(unit.pk)):
        raise TidakDitemukan()
    return (
        Keanggotaan.objects.filter(unit=unit)
        .select_related("petugas__pengguna")
        .annotate(beban_terbuka=beban_terbuka("petugas_id"))
        .order_by(
            Case(When(peran=Peran.SUPERVISOR, then=Value(0)), default=Value(1)),
            "petugas__pengguna__nama_lengkap",
            "petugas_id",
        )
    )
