"""The form definition an admin saves must be usable by the citizen's form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from layanan.models import IsianFormulir, TipeIsian


def galat_clean(**kwargs: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        IsianFormulir(kode="x", label="X", **kwargs).clean()
    return info.value.message_dict


@pytest.mark.parametrize("tipe", [TipeIsian.PILIHAN_TUNGGAL, TipeIsian.PILIHAN_GANDA])
@pytest.mark.parametrize(
    "pilihan",
    [
        [],
        None,
        "a,b",
        [{"kode": "a"}],
        [{"kode": "", "label": "Kosong"}],
        [{"kode": "a", "label": "A"}, {"kode": "a", "label": "A lagi"}],
        [{"kode": "a", "label": "A", "lain": 1}],
        ["a", "b"],
    ],
)
def test_isian_pilihan_tanpa_daftar_pilihan_yang_benar_ditolak(tipe, pilihan):
    assert "pilihan" in galat_clean(tipe=tipe, pilihan=pilihan)


def test_isian_pilihan_dengan_daftar_yang_benar_diterima():
    IsianFormulir(
        kode="x",
        label="X",
        tipe=TipeIsian.PILIHAN_GANDA,
        pilihan=[{"kode": "a", "label": "A"}, {"kode": "b", "label": "B"}],
    ).clean()


def test_pilihan_pada_isian_bukan_pilihan_ditolak():
    assert "pilihan" in galat_clean(tipe=TipeIsian.TEKS, pilihan=[{"kode": "a", "label": "A"}])


def test_maks_panjang_tidak_boleh_melebihi_batas_tipe_atau_dipakai_pada_angka():
    assert "maks_panjang" in galat_clean(tipe=TipeIsian.TEKS, maks_panjang=256)
    assert "maks_panjang" in galat_clean(tipe=TipeIsian.ANGKA, maks_panjang=10)
    IsianFormulir(kode="x", label="X", tipe=TipeIsian.TEKS_PANJANG, maks_panjang=4000).clean()
