// dasbor: the dashboard's live counters (imported by app.ts).
//
// The page follows /ws/dasbor/ (<body data-aliran>). That consumer sends no events but the counters
// themselves, whole, per unit: {"tipe": "dasbor", "unit": [{"unit", "baru", "ditugaskan", "terlambat",
// "selesai_hari_ini", ...}]} on connect and whenever a unit changed. The stream client dispatches such a
// frame on <body> as `sigap:dasbor`; here the unit rows and the totals are updated in place.

interface BarisDasbor {
  unit: number;
  baru: number;
  ditugaskan: number;
  terlambat: number;
  selesai_hari_ini: number;
}

const KUNCI = ["baru", "ditugaskan", "terlambat", "selesai_hari_ini"] as const;
const KELAS_BERUBAH = "dasbor-berubah";

function formatAngka(): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(document.documentElement.lang || "id");
  } catch {
    return new Intl.NumberFormat();
  }
}

function tulis(el: HTMLElement, nilai: number, fmt: Intl.NumberFormat): void {
  if (el.dataset.nilai === String(nilai)) return;
  el.dataset.nilai = String(nilai);
  el.textContent = fmt.format(nilai);
  el.classList.remove(KELAS_BERUBAH);
  // Restart the highlight on a repeated change (a reflow between remove and add).
  void el.offsetWidth;
  el.classList.add(KELAS_BERUBAH);
  window.setTimeout(() => el.classList.remove(KELAS_BERUBAH), 2000);
}

function jamSekarang(el: HTMLElement): void {
  const zona = el.dataset.zona || undefined;
  let teks: string;
  try {
    const bagian = new Intl.DateTimeFormat("en-GB", {
      timeZone: zona,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hour12: false,
    }).formatToParts(new Date());
    const ambil = (jenis: string) => bagian.find((b) => b.type === jenis)?.value ?? "00";
    teks = `${ambil("hour")}.${ambil("minute")}.${ambil("second")}`;
  } catch {
    return;
  }
  el.textContent = el.dataset.singkatan ? `${teks} ${el.dataset.singkatan}` : teks;
  el.setAttribute("datetime", new Date().toISOString());
}

function tandaiLangsung(): void {
  document.querySelectorAll<HTMLElement>("[data-keadaan-aliran]").forEach((el) => {
    if (el.dataset.keadaanAliran === "langsung") return;
    el.dataset.keadaanAliran = "langsung";
    if (el.dataset.teksLangsung) el.textContent = el.dataset.teksLangsung;
  });
}

function perbarui(baris: BarisDasbor[], fmt: Intl.NumberFormat): void {
  for (const b of baris) {
    const tr = document.querySelector<HTMLElement>(`.dasbor-tabel tr[data-unit="${Number(b.unit)}"]`);
    if (!tr) continue; // a unit created after the page was rendered appears on reload
    for (const kunci of KUNCI) {
      const sel = tr.querySelector<HTMLElement>(`[data-hitung="${kunci}"]`);
      if (sel && typeof b[kunci] === "number") tulis(sel, b[kunci], fmt);
    }
    tr.classList.toggle("terlambat", b.terlambat > 0);
  }
  // Totals over every row: a frame may carry only the units that changed.
  const total = document.querySelector<HTMLElement>('.dasbor-angka[data-unit="total"]');
  if (!total) return;
  for (const kunci of KUNCI) {
    let jumlah = 0;
    document.querySelectorAll<HTMLElement>(`.dasbor-tabel [data-hitung="${kunci}"]`).forEach((sel) => {
      jumlah += Number(sel.dataset.nilai) || 0;
    });
    const el = total.querySelector<HTMLElement>(`[data-hitung="${kunci}"]`);
    if (el) tulis(el, jumlah, fmt);
  }
}

function pasang(): void {
  if (!document.querySelector(".dasbor-angka")) return;
  const fmt = formatAngka();
  document.body.addEventListener("sigap:dasbor", (e) => {
    const detail = (e as CustomEvent<{ unit?: unknown }>).detail;
    if (!detail || !Array.isArray(detail.unit)) return;
    perbarui(detail.unit as BarisDasbor[], fmt);
    tandaiLangsung();
    const jam = document.querySelector<HTMLElement>(".dasbor-waktu");
    if (jam) jamSekarang(jam);
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pasang);
else pasang();
