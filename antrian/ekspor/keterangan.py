"""The XLSX's "Keterangan" sheet: what was exported, when, and how each figure is defined."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from antrian import rincian
from antrian.ekspor.param import Permintaan
from antrian.metrik.skm import BOBOT_TEKS
from antrian.selectors.kinerja import SKM_MIN_RESPONDEN


def keterangan(*, tabel: str, permintaan: Permintaan, ukuran: str = "") -> list[tuple[str, str]]:
    p, s = permintaan, permintaan.saringan
    semua = _("All")
    baris = [
        (_("Table"), tabel),
        (_("Range"), f"{p.rentang.dari.isoformat()} – {p.rentang.sampai.isoformat()}"),
        (
            _("Unit"),
            f"{p.unit.kode} — {p.unit.nama}" if p.unit else _("All units you may see"),
        ),
        (_("Service"), f"{s.layanan} — {rincian.nama_layanan().get(s.layanan, '')}" if s.layanan else semua),
        (_("Type"), s.jenis or semua),
    ]
    if tabel == "tiket":
        baris.append((_("Measure"), ukuran))
        baris.append((_("Officer"), f"{p.petugas.pk} — {p.petugas.nama}" if p.petugas else semua))
    baris += [
        (_("Generated at"), timezone.localtime().strftime("%Y-%m-%d %H:%M:%S %Z")),
        (_("Time zone"), _("Times are local time in %(zona)s.") % {"zona": settings.TIME_ZONE}),
        (
            _("First response"),
            _(
                "Submission to the first public officer action (a public reply or a transition other "
                "than assignment), attributed to the officer who responded; counted when it happened "
                "in the range."
            ),
        ),
        (
            _("Resolution time"),
            _(
                "Submission to completion minus the time waiting for the citizen, attributed to the "
                "officer who resolved it; counted when resolved in the range."
            ),
        ),
        (
            _("Working and calendar hours"),
            _(
                "Working hours count only the unit's working time (Perpres 21/2023, holidays excluded); "
                "calendar hours count every hour. Mean, median and 90th percentile (P90) over the tickets."
            ),
        ),
        (
            _("SLA compliance"),
            _("Resolved on time ÷ (resolved + open and past the deadline at the end of the range) × 100."),
        ),
        (
            _("Open, overdue, age, workload"),
            _(
                "Open at the end of the range (or now), in the unit holding it; overdue = past the "
                "deadline and not waiting for the citizen; age in working days since submission; "
                "workload = open tickets assigned to an officer."
            ),
        ),
        (_("Reopen rate"), _("Resolutions in the range that had been reopened before ÷ resolutions × 100.")),
        (_("Rejection rate"), _("Rejected ÷ (resolved + rejected) × 100, with a column per reason.")),
        (
            _("SKM"),
            _(
                "Satisfaction index (Permenpan RB 14/2017): per element the mean answer (1–4), the "
                "weighted sum of the nine elements times 25; grade A–D by the regulation's table."
            ),
        ),
        (_("SKM weight per element"), BOBOT_TEKS),
        (
            _("SKM per officer"),
            _("Not shown for an officer with fewer than %(n)s respondents, to keep the survey anonymous.")
            % {"n": SKM_MIN_RESPONDEN},
        ),
    ]
    return [(str(a), str(b)) for a, b in baris]
