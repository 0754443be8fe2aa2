// petugas: the officer's workspace (imported by app.ts). Everything here is an extra: the pages work
// with plain links and forms.
//
// - j / k move a highlight through the queue rows, Enter opens the highlighted ticket, c claims it (or,
//   with no row highlighted, the page's own `data-pintasan="c"` button claims the next one).
// - Ticked rows of the bulk form survive the live refresh of the table (htmx swaps the whole part).
// - A live refresh of a ticket's part waits while one of its dialogs is open, so typing is never lost.
// - Choosing a canned response fills the reply box from the server (`data-templat-url`) without a reload.
// - `data-fokus="<id>"` on a shortcut target focuses that field (r: reply, n: internal note).

const KELAS_SOROT = "petugas-sorot";

function barisAntrian(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>("[data-baris-antrian]"));
}

let nomorSorot: string | null = null;

function sorot(baris: HTMLElement | undefined): void {
  barisAntrian().forEach((b) => {
    b.classList.remove(KELAS_SOROT);
    b.removeAttribute("aria-current");
  });
  if (!baris) {
    nomorSorot = null;
    return;
  }
  baris.classList.add(KELAS_SOROT);
  baris.setAttribute("aria-current", "true");
  nomorSorot = baris.dataset.nomor || null;
  baris.scrollIntoView({ block: "nearest" });
  baris.querySelector<HTMLElement>("a[data-buka-tiket]")?.focus({ preventScroll: true });
}

function barisTersorot(): HTMLElement | undefined {
  return barisAntrian().find((b) => b.classList.contains(KELAS_SOROT));
}

function gerak(arah: number): void {
  const semua = barisAntrian();
  if (!semua.length) return;
  const kini = barisTersorot();
  const i = kini ? semua.indexOf(kini) : -1;
  const berikut = i < 0 ? (arah > 0 ? 0 : semua.length - 1) : Math.min(Math.max(i + arah, 0), semua.length - 1);
  sorot(semua[berikut]);
}

function abaikan(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return true;
  const sasaran = e.target as HTMLElement;
  return Boolean(sasaran.closest("input, textarea, select, [contenteditable], dialog[open]"));
}

function pintasanAntrian(): void {
  // Capture phase: these keys act on the highlighted row before app.ts's generic shortcuts see them.
  document.addEventListener(
    "keydown",
    (e) => {
      if (abaikan(e) || !document.querySelector("[data-baris-antrian]")) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        e.stopImmediatePropagation();
        gerak(e.key === "j" ? 1 : -1);
      } else if (e.key === "c") {
        const tombol = barisTersorot()?.querySelector<HTMLButtonElement>("[data-klaim-baris]");
        if (tombol && !tombol.disabled) {
          e.preventDefault();
          e.stopImmediatePropagation();
          tombol.click();
        }
      }
    },
    true,
  );
}

function fokusPintasan(): void {
  document.addEventListener("click", (e) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>("[data-fokus]");
    if (!el) return;
    const sasaran = document.getElementById(el.dataset.fokus || "");
    if (sasaran) {
      e.preventDefault();
      sasaran.scrollIntoView({ block: "center" });
      sasaran.focus();
    }
  });
}

// --- bulk selection across live refreshes -------------------------------------------------------------

function pilihan(): Set<string> {
  return new Set(
    Array.from(document.querySelectorAll<HTMLInputElement>('input[name="tiket"][form="form-massal"]:checked')).map(
      (k) => k.value,
    ),
  );
}

function tulisJumlah(): void {
  const el = document.querySelector<HTMLElement>("[data-jumlah-pilih]");
  if (!el) return;
  const n = pilihan().size;
  if (!el.dataset.teksAsli) el.dataset.teksAsli = el.textContent || "";
  const pola = el.dataset.teksDipilih || "{n} ✓";
  el.textContent = n > 0 ? pola.replace("{n}", String(n)) : el.dataset.teksAsli;
  // Ticking a row opens the bulk form, so what can be done with the selection is in view.
  const kotak = el.closest<HTMLDetailsElement>("details");
  if (kotak && n > 0) kotak.open = true;
}

function jagaPilihan(): void {
  let tersimpan = new Set<string>();
  document.body.addEventListener("htmx:beforeSwap", () => {
    tersimpan = pilihan();
  });
  document.body.addEventListener("htmx:afterSwap", () => {
    document.querySelectorAll<HTMLInputElement>('input[name="tiket"][form="form-massal"]').forEach((k) => {
      k.checked = tersimpan.has(k.value);
    });
    tulisJumlah();
    if (nomorSorot) {
      const baris = barisAntrian().find((b) => b.dataset.nomor === nomorSorot);
      if (baris) baris.classList.add(KELAS_SOROT);
    }
  });
  document.addEventListener("change", (e) => {
    if ((e.target as HTMLElement).matches('input[name="tiket"]')) tulisJumlah();
  });
}

// --- never refresh a part under an open dialog or a half-typed form ---------------------------------

function tahanSegarSaatMengetik(): void {
  document.body.addEventListener("htmx:beforeRequest", (e) => {
    const el = (e as CustomEvent).detail.elt as HTMLElement;
    if (el.id !== "bagian-tiket") return;
    if (el.querySelector("dialog[open]")) {
      e.preventDefault();
      el.dataset.tertunda = "1";
    }
  });
  document.addEventListener(
    "close",
    (e) => {
      const bagian = (e.target as HTMLElement).closest<HTMLElement>("#bagian-tiket");
      if (bagian && bagian.dataset.tertunda === "1") {
        delete bagian.dataset.tertunda;
        document.body.dispatchEvent(new CustomEvent("sigap:muat-ulang"));
      }
    },
    true,
  );
}

// --- canned responses --------------------------------------------------------------------------------

function templatJawaban(): void {
  document.addEventListener("submit", async (e) => {
    const form = e.target as HTMLFormElement;
    const alamat = form.dataset.templatUrl;
    if (!alamat) return;
    const pilih = form.querySelector<HTMLSelectElement>("select");
    const sasaran = document.getElementById(form.dataset.sasaran || "") as HTMLTextAreaElement | null;
    if (!pilih || !pilih.value || !sasaran) return;
    e.preventDefault();
    try {
      const r = await fetch(`${alamat}?templat=${encodeURIComponent(pilih.value)}`, {
        credentials: "same-origin",
        headers: { Accept: "text/plain" },
      });
      if (!r.ok) throw new Error(String(r.status));
      sasaran.value = await r.text();
      sasaran.focus();
    } catch {
      form.submit(); // fall back to the server-rendered page
    }
  });
}

function mulai(): void {
  if (!document.body.dataset.halamanPetugas) return;
  pintasanAntrian();
  fokusPintasan();
  jagaPilihan();
  tahanSegarSaatMengetik();
  templatJawaban();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
else mulai();
