"""The permohonan's part of a tiket's detail, registered with `antrian.rincian` in `LayananConfig.ready`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from layanan import selectors
from layanan.models import TIPE_PILIHAN, IsianFormulir, TipeIsian

if TYPE_CHECKING:
    from antrian.izin import Aktor
    from antrian.models import Tiket


def _tampilan(isian: IsianFormulir | None, nilai: Any) -> Any:
    """The answer as a reader sees it: choice labels instead of codes."""
    if isian is None or isian.tipe not in TIPE_PILIHAN:
        return nilai
    label = isian.label_pilihan
    if isian.tipe == TipeIsian.PILIHAN_GANDA and isinstance(nilai, list):
        return [label.get(str(kode), str(kode)) for kode in nilai]
    return label.get(str(nilai), str(nilai))


def rincian_permohonan(tiket: Tiket, aktor: Aktor) -> dict[str, Any]:
    # The antrian API checks visibility before asking; checked again so no other caller leaks answers.
    if not (aktor.sistem or aktor.boleh_lihat(tiket)):
        return {}
    permohonan = selectors.permohonan_dari_tiket(tiket=tiket)
    if permohonan is None:
        return {}
    layanan = permohonan.layanan
    isian = list(layanan.isian.all())
    jawaban = permohonan.jawaban if isinstance(permohonan.jawaban, dict) else {}
    daftar_jawaban = [
        {
            "kode": item.kode,
            "label": item.label,
            "tipe": item.tipe,
            "nilai": jawaban[item.kode],
            "tampilan": _tampilan(item, jawaban[item.kode]),
        }
        for item in isian
        if item.kode in jawaban
    ]
    # Answers to fields removed from the form since filing are still the citizen's words: keep them.
    dikenal = {item.kode for item in isian}
    daftar_jawaban += [
        {"kode": kode, "label": kode, "tipe": "", "nilai": nilai, "tampilan": nilai}
        for kode, nilai in jawaban.items()
        if kode not in dikenal
    ]
    terlampir = selectors.kode_persyaratan_terlampir(tiket=tiket)
    return {
        "layanan": {"kode": layanan.kode, "nama": layanan.nama},
        "jawaban": daftar_jawaban,
        "persyaratan": [
            {"kode": p.kode, "nama": p.nama, "wajib": p.wajib, "terpenuhi": p.kode in terlampir}
            for p in layanan.persyaratan.all()
        ],
    }
