"""The satisfaction survey (SKM, Permenpan RB 14/2017): one answer per resolved tiket, by its citizen.

The answer is not an event of the tiket: it changes nothing in the lifecycle, and the event log is what
officers read and what the websocket sends to them, while the survey is anonymous to officers. So no
event is appended and nothing is broadcast; the tiket's row lock only serialises two answers at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antrian.exceptions import DataTidakValid, Konflik, TidakDiizinkan, TransisiTidakSah
from antrian.izin import Aktor
from antrian.metrik.skm import UNSUR
from antrian.models import MetrikTiket, Status, SurveiKepuasan, Tiket, UnsurSkm
from antrian.services._umum import kunci_tiket

STATUS_BOLEH_SURVEI = (Status.SELESAI, Status.DITUTUP)
SARAN_MAKS = 2000


@dataclass(frozen=True)
class Pertanyaan:
    unsur: str  # u1..u9, the model's field
    label: Any  # the element's name
    teks: Any  # the question as the regulation's questionnaire asks it
    skala: tuple[Promise, Promise, Promise, Promise]  # answers 1..4, worst first

    def pilihan(self) -> list[tuple[int, str]]:
        return [(i, str(label)) for i, label in enumerate(self.skala, start=1)]


# The questionnaire of Permenpan RB 14/2017 (Lampiran), one question per element with its own 4-point
# scale. Listed in the elements' order u1..u9 (the Lampiran's sheet asks facilities before complaints).
PERTANYAAN: tuple[Pertanyaan, ...] = (
    Pertanyaan(
        "u1",
        UnsurSkm.U1.label,
        gettext_lazy("How well did the service's requirements match the kind of service you asked for?"),
        (
            gettext_lazy("Not appropriate"),
            gettext_lazy("Less appropriate"),
            gettext_lazy("Appropriate"),
            gettext_lazy("Very appropriate"),
        ),
    ),
    Pertanyaan(
        "u2",
        UnsurSkm.U2.label,
        gettext_lazy("How easy was the service procedure to follow?"),
        (
            gettext_lazy("Not easy"),
            gettext_lazy("Less easy"),
            gettext_lazy("Easy"),
            gettext_lazy("Very easy"),
        ),
    ),
    Pertanyaan(
        "u3",
        UnsurSkm.U3.label,
        gettext_lazy("How fast was the service delivered?"),
        (
            gettext_lazy("Not fast"),
            gettext_lazy("Less fast"),
            gettext_lazy("Fast"),
            gettext_lazy("Very fast"),
        ),
    ),
    Pertanyaan(
        "u4",
        UnsurSkm.U4.label,
        gettext_lazy("How fair was the cost or fee of the service?"),
        (
            gettext_lazy("Very expensive"),
            gettext_lazy("Fairly expensive"),
            gettext_lazy("Cheap"),
            gettext_lazy("Free of charge"),
        ),
    ),
    Pertanyaan(
        "u5",
        UnsurSkm.U5.label,
        gettext_lazy(
            "How well did the result you received match the product listed in the service standard?"
        ),
        (
            gettext_lazy("Not appropriate"),
            gettext_lazy("Less appropriate"),
            gettext_lazy("Appropriate"),
            gettext_lazy("Very appropriate"),
        ),
    ),
    Pertanyaan(
        "u6",
        UnsurSkm.U6.label,
        gettext_lazy("How competent were the officers who served you?"),
        (
            gettext_lazy("Not competent"),
            gettext_lazy("Less competent"),
            gettext_lazy("Competent"),
            gettext_lazy("Very competent"),
        ),
    ),
    Pertanyaan(
        "u7",
        UnsurSkm.U7.label,
        gettext_lazy("How polite and friendly were the officers who served you?"),
        (
            gettext_lazy("Not polite and friendly"),
            gettext_lazy("Less polite and friendly"),
            gettext_lazy("Polite and friendly"),
            gettext_lazy("Very polite and friendly"),
        ),
    ),
    Pertanyaan(
        "u8",
        UnsurSkm.U8.label,
        gettext_lazy("How were complaints, suggestions and feedback from service users handled?"),
        (
            gettext_lazy("Not available"),
            gettext_lazy("Available but not working"),
            gettext_lazy("Working but not at its best"),
            gettext_lazy("Well managed"),
        ),
    ),
    Pertanyaan(
        "u9",
        UnsurSkm.U9.label,
        gettext_lazy("How good were the facilities and infrastructure of the service?"),
        (gettext_lazy("Poor"), gettext_lazy("Adequate"), gettext_lazy("Good"), gettext_lazy("Very good")),
    ),
)


def survei_boleh_diisi(tiket: Tiket) -> bool:
    """The tiket's state allows an answer (whether one exists already is asked separately)."""
    return tiket.status in STATUS_BOLEH_SURVEI


def _periksa_jawaban(jawaban: Mapping[str, Any], saran: str) -> tuple[dict[str, int], str]:
    galat: dict[str, list[str]] = {}
    bersih: dict[str, int] = {}
    for unsur in UNSUR:
        nilai = jawaban.get(unsur)
        # bool is an int in Python; True must not pass for 1.
        if nilai is None or nilai == "":
            galat[unsur] = [_("Choose one answer.")]
        elif isinstance(nilai, bool) or not isinstance(nilai, int) or not 1 <= nilai <= 4:
            galat[unsur] = [_("The answer must be a whole number from 1 to 4.")]
        else:
            bersih[unsur] = nilai
    asing = sorted(str(k) for k in jawaban if k not in UNSUR)
    if asing:
        galat["non_field_errors"] = [_("Unknown survey elements: %(daftar)s.") % {"daftar": ", ".join(asing)}]
    saran = (saran or "").strip()
    if len(saran) > SARAN_MAKS:
        galat["saran"] = [_("At most %(n)s characters.") % {"n": SARAN_MAKS}]
    if galat:
        raise DataTidakValid(rincian=galat)
    return bersih, saran


def survei_isi(
    *, tiket: Tiket | int, aktor: Aktor, jawaban: Mapping[str, Any], saran: str = ""
) -> SurveiKepuasan:
    """Store the citizen's answers (1–4 for each of the nine elements) to the survey of a resolved tiket.

    403 for anyone but the tiket's citizen (by account, or a guest holding its token), 409 unless the
    tiket is `selesai` or `ditutup` or when it was answered already, 400 for a missing or out-of-range
    answer or a suggestion over 2,000 characters.
    """
    with transaction.atomic():
        terkunci = kunci_tiket(tiket)
        if not aktor.pemilik(terkunci):
            raise TidakDiizinkan(_("Only the citizen who filed this ticket can answer its survey."))
        if not survei_boleh_diisi(terkunci):
            raise TransisiTidakSah(_("The survey can be answered once the ticket has been completed."))
        if survei_sudah_diisi(terkunci):
            raise Konflik(_("The survey for this ticket has already been answered. Thank you."))
        bersih, saran = _periksa_jawaban(jawaban, saran)
        # Unit, service and the resolving officer as the metrics summary attributes the resolution, so
        # the SKM per unit, service and officer lines up with the other figures.
        metrik = MetrikTiket.objects.filter(tiket=terkunci).first()
        unit_id = terkunci.unit_id
        layanan, petugas_id = "", terkunci.petugas_id
        if metrik is not None:
            unit_id = metrik.selesai_unit_id or metrik.unit_id
            layanan, petugas_id = metrik.layanan, metrik.selesai_petugas_id
        survei = SurveiKepuasan(
            tiket=terkunci, unit_id=unit_id, layanan=layanan, petugas_id=petugas_id, saran=saran, **bersih
        )
        try:
            # A savepoint: the unique tiket constraint is the last word when two answers race (the row
            # lock already orders them on PostgreSQL; this covers any path that does not take it).
            with transaction.atomic():
                survei.save(force_insert=True)
        except IntegrityError as exc:
            raise Konflik(_("The survey for this ticket has already been answered. Thank you.")) from exc
    return survei


def survei_sudah_diisi(tiket: Tiket) -> bool:
    return SurveiKepuasan.objects.filter(tiket_id=tiket.pk).exists()
