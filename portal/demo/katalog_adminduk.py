"""Demo catalogue: population administration and civil registration (Disdukcapil)."""

from __future__ import annotations

from typing import Any

from portal.demo.katalog_umum import PILIHAN_KTP, buat_layanan

LAYANAN_ADMINDUK: list[dict[str, Any]] = [
    buat_layanan(
        kode="ktp-el",
        nama="Penerbitan KTP-el",
        kelompok="Kependudukan",
        unit="disdukcapil",
        ringkasan="Kartu Tanda Penduduk elektronik baru, pengganti rusak/hilang, atau perubahan data.",
        kata_kunci="ktp e-ktp kartu tanda penduduk",
        prosedur="1. Isi formulir dan unggah berkas.\n2. Verifikasi berkas oleh petugas.\n"
        "3. Perekaman biometrik di kantor (bila belum).\n4. Pencetakan KTP-el.\n5. Pengambilan/pengiriman.",
        jangka_waktu_hari=3,
        produk="KTP-el",
        dasar_hukum="UU 24/2013 tentang Perubahan atas UU 23/2006 Administrasi Kependudukan; Perpres 96/2018.",
        persyaratan=[
            ("kk", "Kartu Keluarga", True),
            ("ktp-lama", "KTP-el lama (bila rusak/perubahan)", False),
            ("surat-kehilangan", "Surat keterangan kehilangan dari kepolisian (bila hilang)", False),
        ],
        formulir=[
            ("alasan", "Alasan penerbitan", "pilihan_tunggal", True, PILIHAN_KTP),
            ("tanggal_lahir", "Tanggal lahir", "tanggal", True, None),
            ("nomor_kk", "Nomor Kartu Keluarga", "teks", True, None),
        ],
    ),
    buat_layanan(
        kode="kartu-keluarga",
        nama="Penerbitan Kartu Keluarga",
        kelompok="Kependudukan",
        unit="disdukcapil",
        ringkasan="KK baru, perubahan susunan keluarga, atau pengganti yang hilang/rusak.",
        kata_kunci="kk kartu keluarga",
        jangka_waktu_hari=3,
        produk="Kartu Keluarga (dokumen elektronik TTE)",
        prosedur="1. Isi formulir F-1.01 secara daring.\n2. Unggah berkas.\n3. Verifikasi dan validasi.\n"
        "4. Penerbitan KK dengan tanda tangan elektronik.",
        dasar_hukum="UU 24/2013; Permendagri 108/2019.",
        persyaratan=[
            ("kk-lama", "KK lama", True),
            ("buku-nikah", "Buku nikah/akta perkawinan (KK baru)", False),
        ],
        formulir=[
            (
                "jenis",
                "Jenis permohonan",
                "pilihan_tunggal",
                True,
                [
                    {"kode": "baru", "label": "KK baru"},
                    {"kode": "tambah", "label": "Penambahan anggota"},
                    {"kode": "kurang", "label": "Pengurangan anggota"},
                    {"kode": "hilang", "label": "Hilang/rusak"},
                ],
            ),
            ("jumlah_anggota", "Jumlah anggota keluarga", "angka", True, None),
        ],
    ),
    buat_layanan(
        kode="akta-kelahiran",
        nama="Penerbitan Akta Kelahiran",
        kelompok="Pencatatan Sipil",
        unit="disdukcapil",
        ringkasan="Akta kelahiran untuk kelahiran yang dilaporkan orang tua atau wali.",
        kata_kunci="akta lahir kelahiran bayi",
        jangka_waktu_hari=3,
        produk="Kutipan Akta Kelahiran",
        prosedur="1. Isi formulir pelaporan kelahiran.\n2. Unggah surat keterangan lahir dan berkas.\n"
        "3. Verifikasi.\n4. Pencatatan dan penerbitan kutipan akta.",
        dasar_hukum="UU 24/2013; Perpres 96/2018; Permendagri 9/2016.",
        persyaratan=[
            ("surat-lahir", "Surat keterangan lahir dari dokter/bidan", True),
            ("kk", "Kartu Keluarga", True),
            ("buku-nikah", "Buku nikah orang tua", False),
        ],
        formulir=[
            ("nama_anak", "Nama anak", "teks", True, None),
            ("tanggal_lahir", "Tanggal lahir anak", "tanggal", True, None),
            ("tempat_lahir", "Tempat lahir", "teks", True, None),
        ],
    ),
    buat_layanan(
        kode="akta-kematian",
        nama="Penerbitan Akta Kematian",
        kelompok="Pencatatan Sipil",
        unit="disdukcapil",
        ringkasan="Pencatatan kematian dan penerbitan akta kematian.",
        kata_kunci="akta kematian meninggal",
        jangka_waktu_hari=3,
        produk="Kutipan Akta Kematian",
        prosedur="1. Laporkan kematian.\n2. Unggah surat keterangan kematian.\n3. Verifikasi.\n4. Penerbitan akta.",
        dasar_hukum="UU 24/2013; Perpres 96/2018.",
        persyaratan=[
            ("surat-kematian", "Surat keterangan kematian", True),
            ("kk", "Kartu Keluarga almarhum", True),
        ],
        formulir=[
            ("tanggal_meninggal", "Tanggal meninggal", "tanggal", True, None),
            ("hubungan", "Hubungan pelapor dengan almarhum", "teks", True, None),
        ],
    ),
    buat_layanan(
        kode="pindah-datang",
        nama="Surat Keterangan Pindah dan Pindah Datang",
        kelompok="Kependudukan",
        unit="disdukcapil",
        ringkasan="SKPWNI untuk pindah keluar daerah dan pencatatan penduduk datang.",
        kata_kunci="pindah domisili skpwni datang",
        jangka_waktu_hari=1,
        produk="SKPWNI / KK baru di alamat tujuan",
        prosedur="1. Isi formulir pindah.\n2. Unggah KK.\n3. Verifikasi.\n4. Penerbitan SKPWNI.",
        dasar_hukum="UU 24/2013; Permendagri 108/2019.",
        persyaratan=[("kk", "Kartu Keluarga", True)],
        formulir=[
            ("alamat_tujuan", "Alamat tujuan", "teks_panjang", True, None),
            ("anggota_pindah", "Anggota keluarga yang pindah", "angka", True, None),
        ],
    ),
    buat_layanan(
        kode="kia",
        nama="Kartu Identitas Anak (KIA)",
        kelompok="Kependudukan",
        unit="disdukcapil",
        ringkasan="Kartu identitas untuk anak di bawah 17 tahun.",
        kata_kunci="kia kartu anak",
        jangka_waktu_hari=1,
        produk="KIA",
        dasar_hukum="Permendagri 2/2016 tentang Kartu Identitas Anak.",
        prosedur="1. Isi formulir.\n2. Unggah akta kelahiran dan pas foto (anak 5 tahun ke atas).\n3. Cetak KIA.",
        persyaratan=[
            ("akta-lahir", "Akta kelahiran anak", True),
            ("pas-foto", "Pas foto anak (usia 5+)", False),
        ],
        formulir=[
            ("nama_anak", "Nama anak", "teks", True, None),
            ("tanggal_lahir", "Tanggal lahir anak", "tanggal", True, None),
        ],
    ),
]
