// Progressive enhancement for every page. Each core form works without this file; with it, forms cannot
// be sent twice, parts of pages update in place (htmx) and live pages follow their event stream.
import htmx from "htmx.org";

import "./dasbor";
import { Aliran, Bingkai } from "./langsung";
import "./petugas";
import "./warga";

declare global {
  interface Window {
    htmx: typeof htmx;
    sigap: { aliran: Aliran | null; toast: (teks: string, jenis?: string) => void };
  }
}

window.htmx = htmx;
htmx.config.defaultSwapStyle = "outerHTML";
htmx.config.historyCacheSize = 0;
// The Content-Security-Policy allows no inline code: htmx must not evaluate hx-on/js: attributes or run
// <script> blocks in swapped HTML, and must not add its indicator <style> (the CSS has .htmx-request).
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;
htmx.config.allowScriptTags = false;
// Django answers 4xx with a page or part that explains the problem: show it instead of dropping it.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "(400|403|404|409|422)", swap: true, error: false },
  { code: "...", swap: false, error: true },
];

function teks(el: HTMLElement | null, kunci: string, bawaan: string): string {
  return (el && el.dataset[kunci]) || document.body.dataset[kunci] || bawaan;
}

// --- toasts -----------------------------------------------------------------------------------------

function toast(isi: string, jenis = "info"): void {
  const wadah = document.getElementById("toast");
  if (!wadah) return;
  const el = document.createElement("div");
  el.className = `toast toast-${jenis}`;
  el.setAttribute("role", jenis === "galat" ? "alert" : "status");
  el.textContent = isi;
  wadah.appendChild(el);
  window.setTimeout(() => el.remove(), 6000);
}

// --- forms: no double submission --------------------------------------------------------------------

function cegahKirimGanda(): void {
  document.addEventListener("submit", (e) => {
    const form = e.target as HTMLFormElement;
    if (e.defaultPrevented || form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) return;
    if (form.dataset.terkirim === "1") {
      e.preventDefault();
      return;
    }
    form.dataset.terkirim = "1";
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll<HTMLButtonElement>("button[type=submit], button:not([type])").forEach((b) => {
      // Disable after the submitter's name/value went into the form data.
      window.setTimeout(() => {
        b.disabled = true;
        if (b === (e as SubmitEvent).submitter) b.textContent = teks(b, "teksKirim", "Mengirim…");
      }, 0);
    });
  });
  // Coming back with the browser's back button restores a page whose buttons were disabled.
  window.addEventListener("pageshow", (e) => {
    if (!e.persisted) return;
    document.querySelectorAll<HTMLFormElement>("form[data-terkirim]").forEach((f) => {
      delete f.dataset.terkirim;
      f.removeAttribute("aria-busy");
      f.querySelectorAll<HTMLButtonElement>("button").forEach((b) => (b.disabled = false));
    });
  });
  document.body.addEventListener("htmx:beforeRequest", (e) => {
    const el = (e as CustomEvent).detail.elt as HTMLElement;
    el.querySelectorAll<HTMLButtonElement>("button").forEach((b) => (b.disabled = true));
  });
  document.body.addEventListener("htmx:afterRequest", (e) => {
    const el = (e as CustomEvent).detail.elt as HTMLElement;
    if (el.isConnected) el.querySelectorAll<HTMLButtonElement>("button").forEach((b) => (b.disabled = false));
  });
}

// --- countdown to a tenggat ------------------------------------------------------------------------

function sisaWaktu(ms: number): string {
  const lewat = ms < 0;
  let menit = Math.floor(Math.abs(ms) / 60000);
  const hari = Math.floor(menit / 1440);
  menit -= hari * 1440;
  const jam = Math.floor(menit / 60);
  menit -= jam * 60;
  // Words come from <body data-teks-*> (the page's language); Indonesian if a page does not give them.
  const h = teks(null, "teksHari", "hari");
  const j = teks(null, "teksJam", "jam");
  const m = teks(null, "teksMenit", "menit");
  const bagian = hari > 0 ? [`${hari} ${h}`, `${jam} ${j}`] : jam > 0 ? [`${jam} ${j}`, `${menit} ${m}`] : [`${menit} ${m}`];
  const pola = lewat ? teks(null, "teksLewat", "lewat {w}") : teks(null, "teksSisa", "sisa {w}");
  return pola.replace("{w}", bagian.join(" "));
}

function hitungMundur(): void {
  const sekarang = Date.now();
  document.querySelectorAll<HTMLElement>("[data-tenggat]").forEach((el) => {
    const waktu = Date.parse(el.dataset.tenggat || "");
    if (Number.isNaN(waktu)) return;
    const ms = waktu - sekarang;
    el.textContent = sisaWaktu(ms);
    el.classList.toggle("lewat", ms < 0);
  });
}

// --- keyboard shortcuts ----------------------------------------------------------------------------

function pintasan(): void {
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const sasaran = e.target as HTMLElement;
    if (sasaran.closest("input, textarea, select, [contenteditable], dialog[open]")) return;
    if (e.key === "?") {
      const bantuan = document.getElementById("bantuan-pintasan") as HTMLDialogElement | null;
      if (bantuan && typeof bantuan.showModal === "function") {
        e.preventDefault();
        bantuan.showModal();
      }
      return;
    }
    const el = document.querySelector<HTMLElement>(`[data-pintasan="${CSS.escape(e.key)}"]`);
    if (el && !(el as HTMLButtonElement).disabled) {
      e.preventDefault();
      if (el.tagName === "INPUT" || el.tagName === "SELECT") el.focus();
      else el.click();
    }
  });
}

// --- dialogs: <details data-dialog> stays a disclosure without JS, becomes a modal with it ------------

function dialog(): void {
  document.addEventListener("click", (e) => {
    const pemicu = (e.target as HTMLElement).closest<HTMLElement>("[data-buka-dialog]");
    if (pemicu) {
      const dlg = document.getElementById(pemicu.dataset.bukaDialog || "") as HTMLDialogElement | null;
      if (dlg && typeof dlg.showModal === "function") {
        e.preventDefault();
        dlg.showModal();
        dlg.querySelector<HTMLElement>("textarea, input:not([type=hidden]), select")?.focus();
      }
    }
    const tutup = (e.target as HTMLElement).closest<HTMLElement>("[data-tutup-dialog]");
    if (tutup) tutup.closest("dialog")?.close();
  });
}

// --- live pages ------------------------------------------------------------------------------------

function aliranHalaman(): Aliran | null {
  const body = document.body;
  const alamat = body.dataset.aliran;
  if (!alamat || typeof WebSocket === "undefined") return null;
  const sejak = body.dataset.sejak ? Number(body.dataset.sejak) : null;
  const aliran = new Aliran(alamat, Number.isFinite(sejak) ? sejak : null, body);
  body.addEventListener("sigap:peristiwa", (e) => {
    const b = (e as CustomEvent<Bingkai>).detail;
    const pesan = body.dataset.toastPeristiwa;
    if (pesan && b.nomor) toast(pesan.replace("{nomor}", b.nomor), "info");
  });
  body.addEventListener("sigap:notifikasi", (e) => {
    const b = (e as CustomEvent<Bingkai>).detail;
    const pesan = body.dataset.toastNotifikasi;
    if (pesan) toast(pesan.replace("{nomor}", b.nomor || ""), "peringatan");
  });
  aliran.mulai();
  return aliran;
}

function mulai(): void {
  cegahKirimGanda();
  pintasan();
  dialog();
  hitungMundur();
  window.setInterval(hitungMundur, 30000);
  document.body.addEventListener("htmx:afterSettle", hitungMundur);
  document.documentElement.classList.add("js");
  window.sigap = { aliran: aliranHalaman(), toast };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
else mulai();
