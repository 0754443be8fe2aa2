"""The vocabulary of the demo history: names, weights and the texts officers and citizens write.

Indonesian on purpose: demo data, as people in Tubei would have written it.
"""

from __future__ import annotations

# Given names and family names from across the archipelago (Malay, Javanese, Batak, Minang, Bugis, ...).
NAMA_DEPAN_L = [
    "Ahmad", "Andi", "Arif", "Bambang", "Budi", "Dedi", "Dimas", "Eko", "Fajar", "Fauzi", "Hendra", "Heru",
    "Irfan", "Joko", "Kurniawan", "Lukman", "Muhammad", "Nanda", "Rahmat", "Reza", "Rizky", "Sahat",
    "Syahrul", "Teguh", "Togar", "Wahyu", "Yogi", "Yusuf", "Zulkifli", "Hadi", "Imam", "Rudi", "Agus",
    "Taufik", "Firman", "Gilang", "Hasan", "Ilham", "Ridwan", "Sutrisno",
]  # fmt: skip
NAMA_DEPAN_P = [
    "Aisyah", "Ani", "Dewi", "Dian", "Eka", "Fitri", "Indah", "Intan", "Kartika", "Lestari", "Maya", "Mega",
    "Nur", "Putri", "Rani", "Ratna", "Rina", "Sari", "Siti", "Sri", "Wulan", "Yanti", "Yuliana", "Zahra",
    "Nurhaliza", "Rahma", "Desi", "Fadhilah", "Hana", "Lina", "Meliana", "Novi", "Purnama", "Rosmawati",
]  # fmt: skip
NAMA_BELAKANG = [
    "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Hutagalung", "Sitompul", "Pane", "Tanjung",
    "Saputra", "Saputri", "Pratama", "Wijaya", "Santoso", "Hidayat", "Kurniawati", "Rahmawati", "Setiawan",
    "Susanto", "Wibowo", "Permana", "Syahputra", "Maharani", "Anggraini", "Fitriani", "Hasibuan", "Daulay",
    "Rangkuti", "Sembiring", "Ginting", "Tarigan", "Effendi", "Halim", "Yusuf", "Ramadhan", "Lestari",
]  # fmt: skip
GELAR = ["", "", "", "S.Sos.", "S.E.", "S.H.", "S.Kom.", "S.T.", "A.Md.", "S.AP.", "S.IP.", "M.Si."]
JABATAN = [
    "Operator Pelayanan",
    "Verifikator Berkas",
    "Analis Pelayanan",
    "Pengadministrasi Umum",
    "Penata Layanan Operasional",
    "Pranata Komputer",
    "Front Office",
]

# Share of permohonan per service code (the civil registry carries most of a regency's requests).
BOBOT_LAYANAN = {
    "ktp-el": 26, "kartu-keluarga": 20, "akta-kelahiran": 16, "akta-kematian": 5, "pindah-datang": 6,
    "kia": 6, "nib": 5, "pbg": 1.2, "izin-reklame": 1.3, "bansos-dtks": 4, "sktm": 4.5, "krk": 1,
    "alat-berat": 0.5, "sip-nakes": 1.2, "laik-higiene": 1.3,
}  # fmt: skip
BOBOT_KATEGORI = {
    "jalan-rusak": 22, "drainase-banjir": 14, "administrasi-kependudukan": 20, "perizinan": 8,
    "bantuan-sosial": 14, "layanan-kesehatan": 12, "pungli-maladministrasi": 5, "perilaku-asn": 5,
}  # fmt: skip
# Submissions per weekday (Monday first) and per hour of the day: office-hour peaks, quiet nights.
BOBOT_HARI = [1.25, 1.15, 1.05, 1.0, 0.8, 0.28, 0.17]
BOBOT_JAM = [
    0.3, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 3.5, 7.0, 9.0, 9.5, 8.5,
    5.5, 6.5, 7.5, 6.5, 4.5, 3.0, 2.5, 2.8, 3.0, 2.4, 1.4, 0.7,
]  # fmt: skip
# Rejection reasons (AlasanTolak) and how often each is given.
BOBOT_ALASAN_TOLAK = {"tidak_lengkap": 45, "bukan_wewenang": 25, "duplikat": 20, "spam": 10}

JUDUL_KELUHAN = {
    "jalan-rusak": ["Jalan berlubang di {tempat}", "Jembatan kayu rapuh di {tempat}", "Rambu hilang di {tempat}"],
    "drainase-banjir": ["Saluran tersumbat di {tempat}", "Genangan setiap hujan di {tempat}"],
    "administrasi-kependudukan": [
        "KTP-el belum jadi lebih dari sebulan", "Data di KK salah ketik", "Blangko KTP-el kosong",
    ],
    "perizinan": ["Izin usaha tidak ada kabar", "Persyaratan PBG tidak jelas"],
    "bantuan-sosial": ["Bansos tidak tepat sasaran di {tempat}", "Warga layak belum terdata DTKS"],
    "layanan-kesehatan": ["Antrean puskesmas terlalu lama", "Obat kosong di puskesmas {tempat}"],
    "pungli-maladministrasi": ["Diminta uang tambahan di loket", "Berkas ditahan tanpa alasan"],
    "perilaku-asn": ["Petugas loket tidak ramah", "Petugas tidak di tempat saat jam layanan"],
}  # fmt: skip
TEMPAT = [
    "Jl. Sudirman", "Jl. Diponegoro", "Jl. Hang Tuah", "Gg. Melati", "Kel. Sukajadi", "Kel. Tangkerang",
    "Kec. Bukit Raya", "Kec. Marpoyan", "Jl. Arifin Ahmad", "Jl. Soekarno-Hatta", "Desa Kualu", "Pasar Pagi",
]  # fmt: skip
ISI_KELUHAN = [
    "Kondisi ini sudah berlangsung lebih dari dua minggu dan belum ada tindak lanjut. Mohon segera ditangani.",
    "Sudah beberapa kali disampaikan ke kelurahan tetapi belum ada perbaikan. Terima kasih atas perhatiannya.",
    "Mohon petugas dapat mengecek langsung ke lokasi. Warga sekitar sangat terganggu.",
]
BALASAN_PETUGAS = [
    "Terima kasih, laporan/permohonan Anda sudah kami terima dan sedang kami verifikasi.",
    "Berkas sudah kami periksa, saat ini dalam proses. Kami kabari bila ada kekurangan.",
    "Tim kami sudah meninjau; tindak lanjut dijadwalkan minggu ini.",
]
CATATAN_INTERNAL = [
    "Cek ulang data di SIAK.",
    "Koordinasi dengan bidang terkait.",
    "Perlu persetujuan kabid.",
]
MINTA_KELENGKAPAN = [
    "Mohon unggah pindaian KK yang terbaca jelas.",
    "Mohon lengkapi surat pengantar dari kelurahan.",
    "Foto lokasi belum ada, mohon diunggah agar tim bisa meninjau.",
    "Mohon unggah ulang dokumen dalam format PDF.",
]
JAWAB_WARGA = ["Sudah saya unggah, terima kasih.", "Berkas sudah dilengkapi.", "Ini dokumennya, Pak/Bu."]
SELESAI_PERMOHONAN = "Permohonan selesai. Dokumen dapat diunduh atau diambil di loket dengan tanda terima."
SELESAI_KELUHAN = [
    "Sudah ditindaklanjuti di lapangan. Terima kasih atas laporannya.",
    "Keluhan sudah kami teruskan dan ditangani; petugas terkait sudah dibina.",
    "Perbaikan sudah selesai dikerjakan.",
]
CATATAN_TOLAK = {
    "tidak_lengkap": "Persyaratan tidak lengkap setelah diverifikasi; silakan ajukan kembali.",
    "bukan_wewenang": "Bukan kewenangan unit ini; silakan hubungi instansi yang berwenang.",
    "duplikat": "Sama dengan tiket lain yang sedang diproses.",
    "spam": "Isi tidak dapat ditindaklanjuti.",
}
ALASAN_ALIH = "Ditangani oleh unit yang berwenang."
ALASAN_BUKA_KEMBALI = ["Dokumen yang diterima masih salah nama.", "Masalah muncul lagi setelah diperbaiki."]
CATATAN_BATAL = ["Sudah tidak diperlukan.", "Salah memilih layanan.", ""]
CATATAN_TUTUP_WARGA = ["Terima kasih, sudah beres.", "Sudah saya terima.", ""]
CATATAN_TUTUP_OTOMATIS = "Ditutup otomatis: tidak ada balasan warga dalam 10 hari kerja."
SARAN_SKM = [
    "",
    "",
    "",
    "Pertahankan pelayanannya.",
    "Mohon dipercepat prosesnya.",
    "Ruang tunggu kurang nyaman.",
]
