"""Images: decoded in full by Pillow, then stored as one re-encode that carries no metadata.

A photo from a phone carries where it was taken (EXIF GPS), when, the device and often its serial number
(EXIF, XMP, IPTC, comments, PNG text chunks). Officers must not see any of it unless the reporter chose to
share the location (`bagikan_lokasi`): then the GPS block alone is written back, and everything else is
still dropped. The re-encode also drops whatever a polyglot hides around the pixels (a script after the
end marker, HTML in a comment), and the stored type is the one Pillow decoded, never the client's.

Orientation is applied to the pixels first (a portrait photo stays upright without its EXIF tag). JPEGs are
written back with their own quantisation tables and chroma subsampling, so the re-encode keeps the sender's
quality and size; WebP keeps lossless or lossy; the ICC colour profile stays.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, JpegImagePlugin

from antrian.berkas.galat import IsiDitolak

FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_ORIENTASI = 0x0112
_GPS = 0x8825
# Quality of a lossy re-encode when the source's own tables cannot be reused.
_MUTU_BAWAAN = 90


def bersihkan(data: bytes, mime: str, *, bagikan_lokasi: bool = False) -> bytes:
    """The image in `data` (of type `mime`, by its magic bytes) re-encoded without metadata.

    Raises IsiDitolak when Pillow cannot decode it fully as that very format, or when it has more pixels
    than UNGGAHAN_MAKS_PIKSEL (a small file can expand to gigabytes: a decompression bomb).
    """
    format_ = FORMAT[mime]
    try:
        with warnings.catch_warnings():
            # Our own limit below is the one that counts; Pillow's warning threshold is a fixed default.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[format_]) as uji:
                _periksa_piksel(uji.size)
                uji.verify()  # checksums and structure, before anything is decoded
            gambar = Image.open(io.BytesIO(data), formats=[format_])
            gambar.load()  # the full decode: a truncated or corrupt file fails here
    except IsiDitolak:
        raise
    except Image.DecompressionBombError as exc:
        raise IsiDitolak(_piksel_berlebih()) from exc
    except Exception as exc:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, struct.error...)
        raise IsiDitolak(
            _("It cannot be read as a %(format)s image (damaged, or not really that type).")
            % {"format": format_}
        ) from exc
    return _tulis(gambar, format_, data, bagikan_lokasi=bagikan_lokasi)


def _periksa_piksel(ukuran: tuple[int, int]) -> None:
    lebar, tinggi = ukuran
    if lebar <= 0 or tinggi <= 0 or lebar * tinggi > settings.UNGGAHAN_MAKS_PIKSEL:
        raise IsiDitolak(_piksel_berlebih())


def _piksel_berlebih() -> str:
    return _("The image is too large (at most %(mp)s megapixels).") % {
        "mp": round(settings.UNGGAHAN_MAKS_PIKSEL / 1_000_000, 1)
    }


def _tulis(gambar: Image.Image, format_: str, data: bytes, *, bagikan_lokasi: bool) -> bytes:
    exif = gambar.getexif()
    gps = dict(exif.get_ifd(_GPS)) if bagikan_lokasi else {}
    opsi: dict[str, Any] = {}
    if icc := gambar.info.get("icc_profile"):
        opsi["icc_profile"] = icc
    if format_ == "PNG" and "transparency" in gambar.info:
        opsi["transparency"] = gambar.info["transparency"]
    if format_ == "JPEG":
        opsi.update(_opsi_jpeg(gambar))
    elif format_ == "WEBP" and _webp_lossless(data):
        opsi["lossless"] = True
    elif format_ == "WEBP":
        opsi["quality"] = _MUTU_BAWAAN
    keluaran = gambar
    if exif.get(_ORIENTASI, 1) in range(2, 9):
        keluaran = ImageOps.exif_transpose(gambar)
        if opsi.get("quality") == "keep":
            # "keep" needs the decoded JPEG object itself; the tables carry over to the turned copy.
            opsi.pop("quality")
            opsi.update(_opsi_jpeg(gambar, tetap=False))
    if gps:
        baru = Image.Exif()
        baru[_GPS] = gps
        opsi["exif"] = baru
    # Pillow's writers fall back to the image's own info (a JPEG comment, XMP) for what is not passed:
    # nothing of it may reach the stored file, so only what was chosen above is written.
    keluaran.info = {}
    hasil = io.BytesIO()
    keluaran.save(hasil, format_, **opsi)
    return hasil.getvalue()


def _opsi_jpeg(gambar: Image.Image, *, tetap: bool = True) -> dict[str, Any]:
    if not isinstance(gambar, JpegImagePlugin.JpegImageFile) or not getattr(gambar, "quantization", None):
        return {"quality": _MUTU_BAWAAN}
    if tetap:
        return {"quality": "keep"}
    opsi: dict[str, Any] = {"qtables": gambar.quantization}
    sampling = JpegImagePlugin.get_sampling(gambar)
    if sampling != -1:
        opsi["subsampling"] = sampling
    return opsi


def _webp_lossless(data: bytes) -> bool:
    # The first image chunk says which codec: "VP8L" lossless, "VP8 " lossy (after an optional VP8X header
    # and its ICC/EXIF/XMP chunks).
    lossless, lossy = data.find(b"VP8L", 12), data.find(b"VP8 ", 12)
    return lossless != -1 and (lossy == -1 or lossless < lossy)
