"""One POST URL per lifecycle action (`/tiket/<nomor>/<aksi>/`) and the reply endpoint.

Each view: resolve the tiket the caller may see (404 otherwise), refuse a read-only viewer (403),
validate the input, check uploaded files by content, call the service with the version the client saw,
and answer with the updated detail. The services decide who may run which transition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from antrian import selectors
from antrian import serializers as s
from antrian.api._dasar import PARAM_IF_MATCH, PARAM_TOKEN, ApiDasar, tiket_dan_aktor
from antrian.api_umum import galat_standar, versi_dari
from antrian.berkas import periksa_semua
from antrian.exceptions import TidakDiizinkan
from antrian.izin import Aktor
from antrian.models import Tiket
from antrian.services.aksi import JALANKAN

Jalankan = Callable[[Tiket, Aktor, dict[str, Any], int | None], object]


@dataclass(frozen=True)
class Aksi:
    nama: str  # the URL segment
    masukan: type[serializers.Serializer]
    jalankan: Jalankan
    ringkasan: str | Promise
    tag: str
    status_http: int = status.HTTP_200_OK


AKSI: list[Aksi] = [
    Aksi(
        "ambil",
        s.KosongInput,
        JALANKAN["ambil"],
        gettext_lazy("Take a ticket from the queue"),
        "antrian",
    ),
    Aksi(
        "tugaskan",
        s.TugaskanInput,
        JALANKAN["tugaskan"],
        gettext_lazy("Assign a ticket to an officer (supervisor)"),
        "antrian",
    ),
    Aksi(
        "tugaskan-ulang",
        s.TugaskanUlangInput,
        JALANKAN["tugaskan_ulang"],
        gettext_lazy("Reassign a ticket to another officer of its unit (supervisor)"),
        "antrian",
    ),
    Aksi(
        "lepaskan",
        s.CatatanOpsionalInput,
        JALANKAN["lepaskan"],
        gettext_lazy("Return a ticket to the queue"),
        "antrian",
    ),
    Aksi(
        "mulai",
        s.KosongInput,
        JALANKAN["mulai"],
        gettext_lazy("Start processing a ticket"),
        "antrian",
    ),
    Aksi(
        "minta-kelengkapan",
        s.PesanWajibInput,
        JALANKAN["minta_kelengkapan"],
        gettext_lazy("Ask the citizen for missing files or information"),
        "antrian",
    ),
    Aksi(
        "lengkapi",
        s.PesanOpsionalInput,
        JALANKAN["lengkapi"],
        gettext_lazy("Send the missing items the officer asked for"),
        "warga",
    ),
    Aksi(
        "selesaikan",
        s.SelesaikanInput,
        JALANKAN["selesaikan"],
        gettext_lazy("Complete a ticket"),
        "antrian",
    ),
    Aksi(
        "buka-kembali",
        s.AlasanInput,
        JALANKAN["buka_kembali"],
        gettext_lazy("Reopen a completed ticket"),
        "warga",
    ),
    Aksi(
        "tutup",
        s.CatatanOpsionalInput,
        JALANKAN["tutup"],
        gettext_lazy("Confirm completion and close a ticket"),
        "warga",
    ),
    Aksi(
        "tolak",
        s.TolakInput,
        JALANKAN["tolak"],
        gettext_lazy("Reject a ticket with a reason"),
        "antrian",
    ),
    Aksi(
        "batalkan",
        s.CatatanOpsionalInput,
        JALANKAN["batalkan"],
        gettext_lazy("Cancel a ticket (before processing starts)"),
        "warga",
    ),
    Aksi(
        "alihkan",
        s.AlihkanInput,
        JALANKAN["alihkan"],
        gettext_lazy("Transfer a ticket to another unit (disposition, supervisor)"),
        "antrian",
    ),
    Aksi(
        "tanggapan",
        s.TanggapanInput,
        JALANKAN["tanggapi"],
        gettext_lazy("Write a reply or an internal note"),
        "warga",
        status.HTTP_201_CREATED,
    ),
]


class AksiTiketApi(ApiDasar):
    aksi: Aksi

    def _jalankan(self, request: Request, nomor: str) -> Response:
        tiket, aktor = tiket_dan_aktor(request, nomor)
        if not (aktor.anggota_unit(tiket.unit_id) or aktor.pemilik(tiket)):
            # Managers and admins see every unit, but only to read.
            raise TidakDiizinkan(_("Your access to this ticket is read-only."))
        masukan = self.aksi.masukan(data=request.data)
        masukan.is_valid(raise_exception=True)
        data = dict(masukan.validated_data)
        if "lampiran" in data:
            data["lampiran"] = periksa_semua(list(data["lampiran"]))
        self.aksi.jalankan(tiket, aktor, data, versi_dari(request))
        tampilan = selectors.detail_tiket(tiket=selectors.tiket_segar(tiket), aktor=aktor)
        return Response(s.detail_data(tampilan), status=self.aksi.status_http)


def _kelas_view(aksi: Aksi) -> type[AksiTiketApi]:
    def post(self: AksiTiketApi, request: Request, nomor: str) -> Response:
        return self._jalankan(request, nomor)

    tags = ["antrian", "warga"] if aksi.nama == "tanggapan" else [aksi.tag]
    post = extend_schema(
        summary=aksi.ringkasan,
        request={
            "application/json": aksi.masukan,
            "multipart/form-data": aksi.masukan,
        },
        parameters=[PARAM_TOKEN, PARAM_IF_MATCH],
        responses={aksi.status_http: s.DetailTiketOutput, **galat_standar(400, 401, 403, 404, 409, 415)},
        tags=tags,
        operation_id=f"tiket_{aksi.nama.replace('-', '_')}",
    )(post)
    nama_kelas = "Tiket" + "".join(bagian.title() for bagian in aksi.nama.split("-")) + "Api"
    return type(nama_kelas, (AksiTiketApi,), {"aksi": aksi, "post": post, "__doc__": aksi.ringkasan})


VIEW_AKSI: dict[str, type[AksiTiketApi]] = {aksi.nama: _kelas_view(aksi) for aksi in AKSI}
