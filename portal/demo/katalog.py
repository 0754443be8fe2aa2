"""Demo Tubei: the service catalogue with each service's published standard (Permenpan RB 15/2014)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PENGADUAN = (
    "Pengaduan, saran dan masukan melalui menu Keluhan di SIGAP Tubei, SP4N-LAPOR! (lapor.go.id), "
    "atau kotak pengaduan di loket pelayanan. Ditanggapi paling lambat 5 hari kerja."
)
INTERNAL = {
    "sarana_prasarana": "Ruang tunggu ber-AC, loket prioritas (lansia, difabel, ibu hamil), komputer, jaringan, "
    "printer, nomor antrean elektronik.",
    "kompetensi_pelaksana": "ASN berpendidikan minimal SMA/sederajat, memahami peraturan terkait, "
    "terlatih memakai aplikasi pelayanan dan pelayanan prima.",
    "pengawasan_internal": "Supervisi atasan langsung setiap hari; pemeriksaan Inspektorat Daerah berkala.",
    "jumlah_pelaksana": 3,
    "jaminan_pelayanan": "Pelayanan diberikan sesuai standar; tidak dipungut biaya di luar ketentuan.",
    "jaminan_keamanan": "Data pribadi dijaga kerahasiaannya; dokumen hanya diserahkan kepada pemohon atau kuasanya.",
    "evaluasi_kinerja": "Survei Kepuasan Masyarakat tiap semester dan evaluasi waktu penyelesaian bulanan.",
}
PILIHAN_KTP = [
    {"kode": "baru", "label": "Baru (pemula 17 tahun)"},
    {"kode": "rusak", "label": "Rusak"},
    {"kode": "hilang", "label": "Hilang"},
    {"kode": "perubahan", "label": "Perubahan data"},
]


def _layanan(**kwargs: Any) -> dict[str, Any]:
    data = {
        "biaya": Decimal("0"),
        "biaya_keterangan": "Gratis",
        "penanganan_pengaduan": PENGADUAN,
        **INTERNAL,
    }
    data.update(kwargs)
    return data


LAYANAN: list[dict[str, Any]] = [
    _layanan(
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
    _layanan(
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
    _layanan(
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
    _layanan(
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
    _layanan(
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
    _layanan(
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
    _layanan(
        kode="nib",
        nama="Nomor Induk Berusaha (NIB) untuk Usaha Mikro dan Kecil",
        kelompok="Perizinan Berusaha",
        unit="dpmptsp",
        ringkasan="Pendampingan penerbitan NIB melalui OSS RBA bagi pelaku usaha mikro dan kecil.",
        kata_kunci="nib oss izin usaha umkm",
        jangka_waktu_hari=1,
        produk="NIB (OSS RBA)",
        prosedur="1. Isi data usaha.\n2. Verifikasi oleh analis perizinan.\n3. Input OSS RBA.\n4. NIB terbit.",
        dasar_hukum="PP 5/2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko.",
        persyaratan=[("ktp", "KTP-el pemilik usaha", True), ("npwp", "NPWP (bila ada)", False)],
        formulir=[
            ("nama_usaha", "Nama usaha", "teks", True, None),
            (
                "bidang",
                "Bidang usaha",
                "pilihan_tunggal",
                True,
                [
                    {"kode": "kuliner", "label": "Kuliner"},
                    {"kode": "dagang", "label": "Perdagangan"},
                    {"kode": "jasa", "label": "Jasa"},
                    {"kode": "kerajinan", "label": "Kerajinan"},
                ],
            ),
            ("modal", "Modal usaha (Rp)", "angka", True, None),
        ],
    ),
    _layanan(
        kode="pbg",
        nama="Persetujuan Bangunan Gedung (PBG)",
        kelompok="Perizinan Bangunan",
        unit="dpmptsp",
        ringkasan="Persetujuan untuk membangun baru, mengubah, atau merawat bangunan gedung.",
        kata_kunci="pbg imb izin bangunan",
        jangka_waktu_hari=28,
        produk="Dokumen PBG",
        biaya=Decimal("0"),
        biaya_keterangan="Retribusi PBG sesuai Perda Retribusi (dihitung dari luas dan fungsi)",
        prosedur="1. Unggah dokumen rencana teknis.\n2. Pemeriksaan oleh Tim Profesi Ahli.\n3. Perhitungan "
        "retribusi.\n4. Pembayaran.\n5. Penerbitan PBG.",
        dasar_hukum="PP 16/2021 tentang Peraturan Pelaksanaan UU 28/2002 tentang Bangunan Gedung.",
        persyaratan=[
            ("sertifikat", "Bukti kepemilikan tanah", True),
            ("gambar", "Gambar rencana teknis", True),
            ("ktp", "KTP-el pemohon", True),
        ],
        formulir=[
            (
                "fungsi",
                "Fungsi bangunan",
                "pilihan_tunggal",
                True,
                [
                    {"kode": "hunian", "label": "Hunian"},
                    {"kode": "usaha", "label": "Usaha"},
                    {"kode": "sosial", "label": "Sosial budaya"},
                ],
            ),
            ("luas", "Luas bangunan (m²)", "angka", True, None),
            ("lantai", "Jumlah lantai", "angka", True, None),
        ],
    ),
    _layanan(
        kode="izin-reklame",
        nama="Izin Penyelenggaraan Reklame",
        kelompok="Perizinan",
        unit="dpmptsp",
        ringkasan="Izin memasang reklame papan, baliho, atau spanduk.",
        kata_kunci="reklame baliho spanduk",
        jangka_waktu_hari=5,
        produk="Izin reklame",
        biaya=Decimal("150000"),
        biaya_keterangan="Pajak reklame sesuai Perda; biaya administrasi Rp150.000",
        prosedur="1. Isi data reklame.\n2. Survei lokasi.\n3. Penetapan pajak.\n4. Penerbitan izin.",
        dasar_hukum="UU 1/2022 tentang Hubungan Keuangan Pusat dan Daerah; Perda Pajak Daerah.",
        persyaratan=[("desain", "Desain reklame", True), ("foto-lokasi", "Foto lokasi", True)],
        formulir=[
            (
                "jenis_reklame",
                "Jenis reklame",
                "pilihan_ganda",
                True,
                [
                    {"kode": "papan", "label": "Papan"},
                    {"kode": "baliho", "label": "Baliho"},
                    {"kode": "spanduk", "label": "Spanduk"},
                ],
            ),
            ("ukuran", "Ukuran (m²)", "angka", True, None),
            ("mulai", "Mulai tayang", "tanggal", True, None),
        ],
    ),
    _layanan(
        kode="bansos-dtks",
        nama="Usulan Penerima Bantuan Sosial (DTKS)",
        kelompok="Sosial",
        unit="dinsos",
        ringkasan="Pengusulan keluarga ke Data Terpadu Kesejahteraan Sosial untuk bantuan sosial.",
        kata_kunci="bansos dtks pkh bpnt bantuan",
        jangka_waktu_hari=14,
        produk="Status usulan DTKS",
        prosedur="1. Isi formulir dan unggah KK.\n2. Verifikasi dan validasi lapangan.\n3. Musyawarah desa.\n"
        "4. Pengusulan ke Kemensos.",
        dasar_hukum="UU 13/2011 tentang Penanganan Fakir Miskin; Permensos 3/2021.",
        persyaratan=[("kk", "Kartu Keluarga", True), ("foto-rumah", "Foto rumah tampak depan", False)],
        formulir=[
            ("penghasilan", "Penghasilan keluarga per bulan (Rp)", "angka", True, None),
            ("tanggungan", "Jumlah tanggungan", "angka", True, None),
            ("kondisi", "Keterangan kondisi keluarga", "teks_panjang", False, None),
        ],
    ),
    _layanan(
        kode="sktm",
        nama="Rekomendasi Surat Keterangan Tidak Mampu",
        kelompok="Sosial",
        unit="dinsos",
        ringkasan="Rekomendasi SKTM untuk keringanan biaya pendidikan atau kesehatan.",
        kata_kunci="sktm tidak mampu keringanan",
        jangka_waktu_hari=3,
        produk="Surat rekomendasi SKTM",
        prosedur="1. Unggah pengantar desa dan KK.\n2. Verifikasi.\n3. Penerbitan rekomendasi.",
        dasar_hukum="UU 13/2011; Peraturan Bupati Tubei tentang Pelayanan Sosial.",
        persyaratan=[("pengantar", "Surat pengantar desa/kelurahan", True), ("kk", "Kartu Keluarga", True)],
        formulir=[
            (
                "keperluan",
                "Keperluan",
                "pilihan_tunggal",
                True,
                [{"kode": "pendidikan", "label": "Pendidikan"}, {"kode": "kesehatan", "label": "Kesehatan"}],
            )
        ],
    ),
    _layanan(
        kode="krk",
        nama="Keterangan Rencana Kota (KRK)",
        kelompok="Tata Ruang",
        unit="pupr",
        ringkasan="Informasi peruntukan ruang dan ketentuan teknis untuk sebidang tanah.",
        kata_kunci="krk tata ruang rencana kota",
        jangka_waktu_hari=5,
        produk="Dokumen KRK",
        prosedur="1. Unggah bukti tanah dan peta lokasi.\n2. Analisis RDTR.\n3. Penerbitan KRK.",
        dasar_hukum="UU 26/2007 tentang Penataan Ruang; PP 21/2021.",
        persyaratan=[("sertifikat", "Bukti kepemilikan tanah", True), ("peta", "Peta lokasi", True)],
        formulir=[
            ("alamat_persil", "Alamat persil", "teks_panjang", True, None),
            ("luas_tanah", "Luas tanah (m²)", "angka", True, None),
        ],
    ),
    _layanan(
        kode="alat-berat",
        nama="Peminjaman Alat Berat",
        kelompok="Pekerjaan Umum",
        unit="pupr",
        ringkasan="Sewa alat berat milik daerah untuk kegiatan masyarakat.",
        kata_kunci="alat berat excavator sewa",
        jangka_waktu_hari=7,
        produk="Surat persetujuan peminjaman",
        biaya=Decimal("750000"),
        biaya_keterangan="Retribusi pemakaian kekayaan daerah Rp750.000 per hari (di luar BBM dan operator)",
        prosedur="1. Ajukan permohonan.\n2. Cek ketersediaan jadwal.\n3. Pembayaran retribusi.\n4. Persetujuan.",
        dasar_hukum="Perda Retribusi Jasa Usaha Kabupaten Tubei.",
        persyaratan=[("ktp", "KTP-el pemohon", True)],
        formulir=[
            (
                "alat",
                "Jenis alat",
                "pilihan_tunggal",
                True,
                [
                    {"kode": "excavator", "label": "Excavator"},
                    {"kode": "grader", "label": "Motor grader"},
                    {"kode": "roller", "label": "Vibro roller"},
                ],
            ),
            ("mulai", "Tanggal mulai", "tanggal", True, None),
            ("hari", "Lama pemakaian (hari)", "angka", True, None),
        ],
    ),
    _layanan(
        kode="sip-nakes",
        nama="Rekomendasi Surat Izin Praktik Tenaga Kesehatan",
        kelompok="Kesehatan",
        unit="dinkes",
        ringkasan="Rekomendasi SIP bagi dokter, bidan, perawat dan tenaga kesehatan lain.",
        kata_kunci="sip izin praktik dokter bidan perawat",
        jangka_waktu_hari=7,
        produk="Rekomendasi SIP",
        prosedur="1. Unggah STR dan berkas.\n2. Verifikasi tempat praktik.\n3. Penerbitan rekomendasi.",
        dasar_hukum="UU 17/2023 tentang Kesehatan.",
        persyaratan=[
            ("str", "Surat Tanda Registrasi (STR)", True),
            ("ijazah", "Ijazah", True),
            ("surat-sehat", "Surat keterangan sehat", True),
        ],
        formulir=[
            (
                "profesi",
                "Profesi",
                "pilihan_tunggal",
                True,
                [
                    {"kode": "dokter", "label": "Dokter"},
                    {"kode": "bidan", "label": "Bidan"},
                    {"kode": "perawat", "label": "Perawat"},
                ],
            ),
            ("tempat_praktik", "Alamat tempat praktik", "teks_panjang", True, None),
        ],
    ),
    _layanan(
        kode="laik-higiene",
        nama="Sertifikat Laik Higiene Sanitasi",
        kelompok="Kesehatan",
        unit="dinkes",
        ringkasan="Sertifikat untuk usaha jasa boga, rumah makan dan depot air minum.",
        kata_kunci="laik higiene sanitasi rumah makan depot air",
        jangka_waktu_hari=14,
        produk="Sertifikat Laik Higiene Sanitasi",
        biaya=Decimal("100000"),
        biaya_keterangan="Retribusi pemeriksaan laboratorium Rp100.000",
        prosedur="1. Unggah berkas.\n2. Inspeksi kesehatan lingkungan.\n3. Uji laboratorium.\n4. Penerbitan sertifikat.",
        dasar_hukum="Permenkes 14/2021; Permenkes 2/2023.",
        persyaratan=[("nib", "NIB usaha", True), ("denah", "Denah lokasi usaha", False)],
        formulir=[
            (
                "jenis_usaha",
                "Jenis usaha",
                "pilihan_tunggal",
                True,
                [
                    {"kode": "jasa-boga", "label": "Jasa boga"},
                    {"kode": "rumah-makan", "label": "Rumah makan"},
                    {"kode": "depot-air", "label": "Depot air minum"},
                ],
            ),
            ("jumlah_penjamah", "Jumlah penjamah makanan", "angka", True, None),
        ],
    ),
]
