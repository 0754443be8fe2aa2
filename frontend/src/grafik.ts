// grafik: the weekly trend charts of the metrics page (its own bundle, loaded only there).
//
// Each <div class="grafik" data-grafik="volume|sla" data-sumber="<id>"> reads the weeks from the
// json_script element <id>: {"minggu": ["2026-08-31", ...], "masuk": [..], "selesai": [..],
// "sla": [92.4 | null, ..]}. The same numbers are in a table under each chart, so the page says
// everything without this script. Charts fill their container's width and redraw when it changes; on a
// phone the axes carry few ticks and the legend sits below the plot.
import uPlot from "uplot";

interface DataTren {
  minggu: string[];
  masuk: number[];
  selesai: number[];
  sla: (number | null)[];
}

const WARNA = {
  masuk: "#0b4f8a",
  selesai: "#146c2e",
  sla: "#8a4b00",
  garis: "#e3e8ee",
  teks: "#4f5b67",
};

function bahasa(): string {
  return document.documentElement.lang || "id";
}

function fmtAngka(desimal: number): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(bahasa(), { maximumFractionDigits: desimal });
  } catch {
    return new Intl.NumberFormat(undefined, { maximumFractionDigits: desimal });
  }
}

function fmtTanggal(): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(bahasa(), { day: "numeric", month: "short", timeZone: "UTC" });
  } catch {
    return new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  }
}

function baca(el: HTMLElement): DataTren | null {
  const sumber = document.getElementById(el.dataset.sumber || "");
  if (!sumber || !sumber.textContent) return null;
  try {
    const data = JSON.parse(sumber.textContent) as DataTren;
    return Array.isArray(data.minggu) && data.minggu.length > 0 ? data : null;
  } catch {
    return null;
  }
}

function ukuran(el: HTMLElement): { width: number; height: number } {
  const width = Math.max(200, Math.floor(el.clientWidth));
  // Flatter on wide screens, taller (relative to width) on phones so the bars stay readable.
  const height = Math.round(Math.min(280, Math.max(180, width * 0.55)));
  return { width, height };
}

function sumbuX(label: string[], tanggal: Intl.DateTimeFormat): uPlot.Axis {
  return {
    stroke: WARNA.teks,
    grid: { show: false },
    ticks: { stroke: WARNA.garis },
    // Whole weeks only; uPlot picks the smallest step that keeps labels this many pixels apart.
    space: 56,
    incrs: [1, 2, 3, 4, 6, 8, 13, 26, 52],
    values: (_u, nilai) =>
      nilai.map((i) => {
        const hari = label[Math.round(i)];
        return Number.isInteger(i) && hari ? tanggal.format(new Date(`${hari}T00:00:00Z`)) : "";
      }),
  };
}

function opsiDasar(el: HTMLElement, label: string[]): uPlot.Options {
  const tanggal = fmtTanggal();
  const { width, height } = ukuran(el);
  return {
    width,
    height,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
    },
    axes: [sumbuX(label, tanggal)],
    series: [
      {
        label: el.dataset.labelMinggu || "",
        value: (_u, i) => (i == null || !label[i] ? "—" : tanggal.format(new Date(`${label[i]}T00:00:00Z`))),
      },
    ],
  };
}

function grafikVolume(el: HTMLElement, data: DataTren): uPlot {
  const angka = fmtAngka(0);
  const opsi = opsiDasar(el, data.minggu);
  const batang = uPlot.paths.bars;
  const nilai = (_u: uPlot, v: number | null) => (v == null ? "—" : angka.format(v));
  opsi.series.push(
    {
      label: el.dataset.labelMasuk || "masuk",
      stroke: WARNA.masuk,
      fill: WARNA.masuk,
      width: 0,
      paths: batang ? batang({ size: [0.4, 40], align: -1 }) : undefined,
      points: { show: false },
      value: nilai,
    },
    {
      label: el.dataset.labelSelesai || "selesai",
      stroke: WARNA.selesai,
      fill: WARNA.selesai,
      width: 0,
      paths: batang ? batang({ size: [0.4, 40], align: 1 }) : undefined,
      points: { show: false },
      value: nilai,
    },
  );
  opsi.scales = { ...opsi.scales, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } };
  opsi.axes = [
    ...(opsi.axes || []),
    {
      stroke: WARNA.teks,
      grid: { stroke: WARNA.garis },
      ticks: { show: false },
      size: 44,
      space: 32,
      incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
      values: (_u, v) => v.map((x) => angka.format(x)),
    },
  ];
  const x = data.minggu.map((_m, i) => i);
  return new uPlot(opsi, [x, data.masuk, data.selesai], el);
}

function grafikSla(el: HTMLElement, data: DataTren): uPlot {
  const angka = fmtAngka(1);
  const opsi = opsiDasar(el, data.minggu);
  opsi.series.push({
    label: el.dataset.labelSla || "SLA",
    stroke: WARNA.sla,
    width: 2,
    spanGaps: true,
    points: { show: true, size: 6, fill: WARNA.sla },
    value: (_u, v) => (v == null ? "—" : `${angka.format(v)}%`),
  });
  opsi.scales = { ...opsi.scales, y: { range: [0, 100] } };
  opsi.axes = [
    ...(opsi.axes || []),
    {
      stroke: WARNA.teks,
      grid: { stroke: WARNA.garis },
      ticks: { show: false },
      size: 48,
      space: 32,
      incrs: [10, 20, 25, 50],
      values: (_u, v) => v.map((x) => `${angka.format(x)}%`),
    },
  ];
  const x = data.minggu.map((_m, i) => i);
  return new uPlot(opsi, [x, data.sla as number[]], el);
}

function pasangSatu(el: HTMLElement): void {
  const data = baca(el);
  if (!data) return;
  const chart = el.dataset.grafik === "sla" ? grafikSla(el, data) : grafikVolume(el, data);
  el.dataset.siap = "1";
  let lebar = el.clientWidth;
  const ubah = (): void => {
    // The legend below the plot changes the box's height, not its width: redraw only on a new width.
    if (el.clientWidth === lebar || el.clientWidth === 0) return;
    lebar = el.clientWidth;
    chart.setSize(ukuran(el));
  };
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver(() => window.requestAnimationFrame(ubah)).observe(el);
  } else {
    window.addEventListener("resize", ubah);
  }
}

function pasang(): void {
  document.querySelectorAll<HTMLElement>(".grafik[data-grafik]").forEach(pasangSatu);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", pasang);
else pasang();

// --- live refresh --------------------------------------------------------------------------------------
// A range that runs through today follows /ws/dasbor/ (<body data-aliran>), whose frames carry each unit's
// queue counters. The figures are over weeks, so when a unit's counters change they are fetched again at
// most once per data-jeda-ms (a minute by default); the charts are drawn anew.

let terakhirSegar = Date.now();
let terjadwal: number | undefined;
const terlihat = new Map<number, string>();

async function segarkan(): Promise<void> {
  terjadwal = undefined;
  const wadah = document.getElementById("kinerja-isi");
  const url = wadah?.dataset.segarkan;
  if (!wadah || !url) return;
  terakhirSegar = Date.now();
  try {
    const jawab = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!jawab.ok) return;
    const baru = new DOMParser().parseFromString(await jawab.text(), "text/html").getElementById("kinerja-isi");
    if (!baru) return;
    wadah.replaceWith(baru);
    pasang();
    const status = baru.querySelector<HTMLElement>(".kinerja-langsung");
    if (status?.dataset.teksDiperbarui) {
      const jam = new Date().toLocaleTimeString(document.documentElement.lang || "id", {
        hour: "2-digit",
        minute: "2-digit",
      });
      status.textContent = `${status.dataset.teksDiperbarui} ${jam}.`;
    }
  } catch {
    // Offline for a moment: the next change tries again.
  }
}

function berubah(unit: unknown): boolean {
  // The stream also repeats unchanged counters (on connect, and every minute): only a change counts.
  if (!Array.isArray(unit)) return false;
  let ada = false;
  for (const baris of unit as Array<{ unit?: number }>) {
    const kunci = Number(baris.unit);
    const isi = JSON.stringify(baris);
    const lama = terlihat.get(kunci);
    terlihat.set(kunci, isi);
    if (lama !== undefined && lama !== isi) ada = true;
  }
  return ada;
}

document.body.addEventListener("sigap:dasbor", (e) => {
  const wadah = document.getElementById("kinerja-isi");
  if (!berubah((e as CustomEvent<{ unit?: unknown }>).detail?.unit) || terjadwal !== undefined) return;
  if (!wadah?.dataset.segarkan) return;
  const jeda = Number(wadah.dataset.jedaMs) || 60_000;
  terjadwal = window.setTimeout(() => void segarkan(), Math.max(0, terakhirSegar + jeda - Date.now()));
});
