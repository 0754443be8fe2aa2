"""The officer's workspace in a real browser: claim from the live queue and resolve; a supervisor's
transfer appearing live in the other unit's queue; another unit's officer refused; keyboard shortcuts.

Elements are found by their URLs and data attributes, not by their words, so the tests hold whichever
language the catalogue has for a new message.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from antrian.models import Peran, Status, StrategiPenugasan, TemplatJawaban, Tiket
from tests.antrian.factories import UnitFactory, buat_petugas, buat_tiket

SANDI = "rahasia-123"  # tests/antrian/factories.PenggunaFactory


def _bisa_masuk(*petugas: Any) -> None:
    """The test process hashes passwords with MD5 (tests/conftest.py), which the server process does not
    accept: store a PBKDF2 hash (few iterations; it is a test) that both understand."""
    for p in petugas:
        pengguna = p.pengguna
        pengguna.password = PBKDF2PasswordHasher().encode(SANDI, "garame2e", iterations=1000)
        pengguna.save(update_fields=["password"])


def _siap_langsung(page: Any) -> None:
    """Wait until the page's websocket is live (it has caught up from `data-sejak`)."""
    page.wait_for_selector('[data-keadaan-aliran="langsung"]', timeout=15_000)


def test_petugas_mengklaim_dari_antrian_lalu_menyelesaikan(
    situs: str, konteks: Any, masuk: Any, potret: Any
) -> None:
    unit = UnitFactory(kode="pupr", nama="Dinas PUPR", strategi_penugasan=StrategiPenugasan.KLAIM)
    petugas = buat_petugas(unit)
    _bisa_masuk(petugas)
    baru = buat_tiket(unit, judul="Jalan berlubang di Jl. Merdeka")
    buat_tiket(unit, judul="Drainase tersumbat")
    nomor = baru.tiket.nomor

    page = konteks("desktop").new_page()
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))
    masuk(page, petugas.pengguna.username, SANDI)
    page.goto(f"{situs}/petugas/")
    _siap_langsung(page)
    assert page.locator(f'tr[data-nomor="{nomor}"]').count() == 1
    potret(page, "petugas-antrian")

    # Keyboard: '?' opens the help, Escape closes it, j highlights the first row.
    page.keyboard.press("?")
    assert page.locator("#bantuan-pintasan").evaluate("d => d.open")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    assert page.locator("tr.petugas-sorot").count() == 1

    page.locator(f'tr[data-nomor="{nomor}"] button[data-klaim-baris]').click()
    page.wait_for_url(f"**/petugas/tiket/{nomor}/")
    page.locator('form[action$="/aksi/mulai/"] button').click()
    page.wait_for_load_state()
    page.locator('a[data-buka-dialog="dialog-selesaikan"]').click()
    dialog = page.locator("#dialog-selesaikan")
    assert dialog.evaluate("d => d.open")
    dialog.locator("textarea").first.fill("Lubang sudah ditambal oleh tim UPT Jalan.")
    potret(page, "petugas-tiket-dialog")
    dialog.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_selector(".lencana.status-selesai")
    assert "Lubang sudah ditambal" in page.locator("#linimasa").inner_text()
    potret(page, "petugas-tiket")
    t = Tiket.objects.get(pk=baru.tiket.pk)
    assert t.status == Status.SELESAI and t.petugas_id == petugas.pk
    assert galat == []


def test_pengalihan_supervisor_muncul_langsung_di_antrian_unit_lain(
    situs: str, konteks: Any, masuk: Any, potret: Any
) -> None:
    asal = UnitFactory(kode="dinsos", nama="Dinas Sosial")
    tujuan = UnitFactory(kode="dinkes", nama="Dinas Kesehatan")
    supervisor = buat_petugas(asal, peran=Peran.SUPERVISOR)
    petugas_tujuan = buat_petugas(tujuan)
    _bisa_masuk(supervisor, petugas_tujuan)
    baru = buat_tiket(asal, judul="Posyandu tidak buka")
    nomor = baru.tiket.nomor

    # The other unit's officer watches their (empty) queue in a second browser, on a phone.
    lain = konteks("ponsel").new_page()
    masuk(lain, petugas_tujuan.pengguna.username, SANDI)
    lain.goto(f"{situs}/petugas/")
    _siap_langsung(lain)
    assert lain.locator(f'tr[data-nomor="{nomor}"]').count() == 0

    page = konteks("desktop").new_page()
    masuk(page, supervisor.pengguna.username, SANDI)
    page.goto(f"{situs}/petugas/tiket/{nomor}/")
    page.locator('a[data-buka-dialog="dialog-alihkan"]').click()
    dialog = page.locator("#dialog-alihkan")
    dialog.locator("select").select_option(tujuan.kode)
    dialog.locator("textarea").fill("Urusan kesehatan: wewenang Dinas Kesehatan.")
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"{situs}/petugas/")

    # No reload in the second browser: the live table fetches itself again.
    lain.wait_for_selector(f'tr[data-nomor="{nomor}"]', timeout=15_000)
    potret(lain, "petugas-antrian-langsung")
    assert Tiket.objects.get(pk=baru.tiket.pk).unit_id == tujuan.pk


def test_petugas_unit_lain_mendapat_halaman_403(situs: str, konteks: Any, masuk: Any, potret: Any) -> None:
    unit = UnitFactory(kode="disdukcapil", nama="Disdukcapil")
    lain = UnitFactory(kode="dpmptsp", nama="DPMPTSP")
    buat_petugas(unit)
    orang_lain = buat_petugas(lain)
    _bisa_masuk(orang_lain)
    baru = buat_tiket(unit, judul="KTP rusak")

    page = konteks("ponsel").new_page()
    masuk(page, orang_lain.pengguna.username, SANDI)
    respons = page.goto(f"{situs}/petugas/tiket/{baru.tiket.nomor}/")
    assert respons is not None and respons.status == 403
    assert "KTP rusak" not in page.content()
    assert page.locator("h1").count() == 1  # the friendly page, not a bare status line
    potret(page, "petugas-403")


def test_halaman_tiket_ikut_berubah_langsung_dan_templat_mengisi_balasan(
    situs: str, konteks: Any, masuk: Any
) -> None:
    unit = UnitFactory(kode="dinkes", nama="Dinas Kesehatan")
    pertama, kedua = buat_petugas(unit), buat_petugas(unit)
    _bisa_masuk(pertama, kedua)
    baru = buat_tiket(unit, judul="Puskesmas tutup")
    nomor = baru.tiket.nomor
    TemplatJawaban.objects.create(
        unit=unit, judul="Diterima", isi="Tiket {nomor} kami terima. Salam, {petugas}"
    )

    page = konteks("desktop").new_page()
    masuk(page, pertama.pengguna.username, SANDI)
    page.goto(f"{situs}/petugas/tiket/{nomor}/")
    _siap_langsung(page)

    # A colleague writes an internal note in another browser: the first page shows it without reload.
    rekan = konteks("desktop").new_page()
    masuk(rekan, kedua.pengguna.username, SANDI)
    rekan.goto(f"{situs}/petugas/tiket/{nomor}/")
    rekan.locator("#catatan textarea").fill("Sudah saya telepon kepala puskesmas.")
    rekan.locator("#catatan button[type=submit]").click()
    rekan.wait_for_load_state()
    page.wait_for_function(
        "() => document.querySelector('#linimasa').innerText.includes('Sudah saya telepon')", timeout=15_000
    )
    assert page.locator("#linimasa li.internal").count() == 1

    # The canned response fills the reply box in place (JavaScript on: no reload, placeholders filled).
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "id_balas-isi"
    page.locator("form.petugas-templat select").select_option(label="Diterima")
    page.locator("form.petugas-templat button[type=submit]").click()
    page.wait_for_function("() => document.getElementById('id_balas-isi').value.includes('kami terima')")
    assert nomor in page.locator("#id_balas-isi").input_value()


def test_supervisor_menugaskan_massal_dari_antrian(situs: str, konteks: Any, masuk: Any, potret: Any) -> None:
    unit = UnitFactory(kode="dpmptsp", nama="DPMPTSP", strategi_penugasan=StrategiPenugasan.MANUAL)
    kepala = buat_petugas(unit, peran=Peran.SUPERVISOR)
    staf = buat_petugas(unit)
    _bisa_masuk(kepala)
    a, b = buat_tiket(unit, judul="Izin reklame"), buat_tiket(unit, judul="Izin usaha mikro")

    page = konteks("desktop").new_page()
    masuk(page, kepala.pengguna.username, SANDI)
    page.goto(f"{situs}/petugas/")
    _siap_langsung(page)
    massal = page.locator("details.petugas-massal")
    assert not massal.evaluate("d => d.open")
    for t in (a, b):
        page.locator(f'tr[data-nomor="{t.tiket.nomor}"] input[type=checkbox]').check()
    assert massal.evaluate("d => d.open")  # ticking a row shows the bulk form
    massal.locator('input[name="aksi"][value="tugaskan"]').check()
    massal.locator('select[name="petugas"]').select_option(str(staf.pk))
    potret(page, "petugas-massal")
    massal.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.wait_for_selector(".pesan-sukses")
    for t in (a, b):
        assert Tiket.objects.get(pk=t.tiket.pk).petugas_id == staf.pk
