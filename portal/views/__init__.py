"""Citizen-facing pages, one module per area: umum (home, health), pengajuan + pengajuan_umum + wizard
(catalogue, service standard, submission wizard, complaint form, confirmation), lacak (tracking and the
citizen's actions on a tiket), akun (registration, login, password reset, my tickets)."""
