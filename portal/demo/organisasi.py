"""Demo Tubei: units, officers, managers and complaint categories."""

from __future__ import annotations

UNIT = [
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "disdukcapil@tubei.go.id", "0761-100101"),
    (
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dpmptsp@tubei.go.id",
        "0761-100102",
    ),
    ("dinsos", "Dinas Sosial", "dinsos@tubei.go.id", "0761-100103"),
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "pupr@tubei.go.id", "0761-100104"),
    ("dinkes", "Dinas Kesehatan", "dinkes@tubei.go.id", "0761-100105"),
    ("inspektorat", "Inspektorat Daerah", "inspektorat@tubei.go.id", "0761-100106"),
]

# (username, full name, NIP, unit, role, position)
PETUGAS = [
    (
        "kadis.dukcapil",
        "Hj. Rahmawati Siregar, S.Sos.",
        "197503122000032001",
        "disdukcapil",
        "supervisor",
        "Kepala Bidang Pelayanan Pendaftaran Penduduk",
    ),
    ("budi.dukcapil", "Budi Santoso", "198807152012011002", "disdukcapil", "petugas", "Operator Pelayanan"),
    (
        "sari.dukcapil",
        "Sari Wulandari, A.Md.",
        "199102202015032003",
        "disdukcapil",
        "petugas",
        "Verifikator Berkas",
    ),
    (
        "kabid.dpmptsp",
        "Ir. Togar Simanjuntak, M.T.",
        "197108081998031004",
        "dpmptsp",
        "supervisor",
        "Kepala Bidang Perizinan",
    ),
    ("dewi.dpmptsp", "Dewi Lestari, S.E.", "199004112014022001", "dpmptsp", "petugas", "Analis Perizinan"),
    ("andi.dpmptsp", "Andi Pratama, S.H.", "199306302019031005", "dpmptsp", "petugas", "Front Office"),
    (
        "kabid.dinsos",
        "Drs. Marulam Hutagalung",
        "197209172001121002",
        "dinsos",
        "supervisor",
        "Kepala Bidang Perlindungan dan Jaminan Sosial",
    ),
    ("rina.dinsos", "Rina Marlina, S.Tr.Sos.", "199512052020122004", "dinsos", "petugas", "Pekerja Sosial"),
    (
        "kabid.pupr",
        "Ir. Bambang Hermawan",
        "197306252002121003",
        "pupr",
        "supervisor",
        "Kepala Bidang Bina Marga",
    ),
    (
        "yusuf.pupr",
        "Yusuf Maulana, S.T.",
        "199208142017081001",
        "pupr",
        "petugas",
        "Pengawas Jalan dan Jembatan",
    ),
    ("fitri.pupr", "Fitri Handayani, S.T.", "199403092019032006", "pupr", "petugas", "Penata Ruang"),
    (
        "kabid.dinkes",
        "dr. Lina Kartika, M.K.M.",
        "197811232005012002",
        "dinkes",
        "supervisor",
        "Kepala Bidang Sumber Daya Kesehatan",
    ),
    ("agus.dinkes", "Agus Setiawan, S.K.M.", "199009012015031002", "dinkes", "petugas", "Sanitarian"),
    (
        "irban.inspektorat",
        "H. Syahrial, S.H., M.H.",
        "197004151997031001",
        "inspektorat",
        "supervisor",
        "Inspektur Pembantu Wilayah I",
    ),
    (
        "maya.inspektorat",
        "Maya Anggraini, S.Ak.",
        "199207072018012003",
        "inspektorat",
        "petugas",
        "Auditor Ahli Pertama",
    ),
]

# (kode, nama, deskripsi, unit)
KATEGORI_KELUHAN = [
    ("jalan-rusak", "Jalan dan jembatan rusak", "Jalan berlubang, jembatan rusak, rambu hilang.", "pupr"),
    ("drainase-banjir", "Drainase dan banjir", "Saluran tersumbat, genangan, banjir lingkungan.", "pupr"),
    (
        "administrasi-kependudukan",
        "Layanan administrasi kependudukan",
        "KTP-el, KK, akta yang lambat, salah data, atau blangko kosong.",
        "disdukcapil",
    ),
    ("perizinan", "Layanan perizinan", "Proses izin berbelit, persyaratan tidak jelas.", "dpmptsp"),
    (
        "bantuan-sosial",
        "Bantuan sosial tidak tepat sasaran",
        "Penerima tidak layak atau warga layak terlewat.",
        "dinsos",
    ),
    (
        "layanan-kesehatan",
        "Layanan puskesmas dan kesehatan",
        "Antrean, obat kosong, sikap petugas kesehatan.",
        "dinkes",
    ),
    (
        "pungli-maladministrasi",
        "Pungutan liar dan maladministrasi",
        "Permintaan uang di luar tarif resmi, penundaan berlarut, penyimpangan prosedur.",
        "inspektorat",
    ),
    (
        "perilaku-asn",
        "Perilaku dan disiplin ASN",
        "Petugas tidak ramah, tidak di tempat, tidak netral.",
        "inspektorat",
    ),
]
