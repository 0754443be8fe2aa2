// warga: behaviour of that area's pages (imported by app.ts).
export {};

// --- pengajuan ------------------------------------------------------------------------------------------

// Complaint form: the map (Leaflet, ~40 KB compressed) loads only when the citizen asks for it. Without
// JavaScript, or before the click, the latitude/longitude fields and the address work on their own.
function pasangTombolPeta(): void {
  document.querySelectorAll<HTMLButtonElement>("[data-pilih-peta]").forEach((tombol) => {
    tombol.hidden = false;
    tombol.addEventListener("click", () => {
      const peta = document.querySelector<HTMLElement>("[data-peta]");
      if (!peta) return;
      peta.hidden = false;
      tombol.hidden = true;
      if (tombol.dataset.gaya && !document.querySelector("link[data-peta-gaya]")) {
        const gaya = document.createElement("link");
        gaya.rel = "stylesheet";
        gaya.href = tombol.dataset.gaya;
        gaya.dataset.petaGaya = "1";
        document.head.appendChild(gaya);
      }
      if (tombol.dataset.skrip && !document.querySelector("script[data-peta-skrip]")) {
        const skrip = document.createElement("script");
        skrip.src = tombol.dataset.skrip;
        skrip.dataset.petaSkrip = "1";
        skrip.onerror = () => {
          peta.hidden = true;
          tombol.hidden = false;
        };
        document.body.appendChild(skrip);
      }
    });
  });
}

// Complaint form: an anonymous complaint has no identity, so the confidentiality option and the contact
// fields step aside while "anonymous" is ticked (they are ignored by the server either way).
function pasangAnonim(): void {
  const anonim = document.getElementById("id_anonim") as HTMLInputElement | null;
  if (!anonim) return;
  const terapkan = () => {
    document.querySelectorAll<HTMLElement>("[data-jika-bukan-anonim]").forEach((el) => {
      el.hidden = anonim.checked;
    });
  };
  anonim.addEventListener("change", terapkan);
  terapkan();
}

// Confirmation: copy the private tracking link.
function pasangSalin(): void {
  document.querySelectorAll<HTMLButtonElement>("[data-salin]").forEach((tombol) => {
    const sumber = document.getElementById(tombol.dataset.salin || "") as HTMLInputElement | null;
    if (!sumber) return;
    tombol.hidden = false;
    const asli = tombol.textContent || "";
    tombol.addEventListener("click", () => {
      sumber.select();
      const selesai = () => {
        tombol.textContent = tombol.dataset.teksTersalin || asli;
        window.setTimeout(() => (tombol.textContent = asli), 3000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(sumber.value).then(selesai, () => document.execCommand("copy") && selesai());
      } else if (document.execCommand("copy")) {
        selesai();
      }
    });
  });
  document.querySelectorAll<HTMLInputElement>("[data-pilih-semua]").forEach((el) => {
    el.addEventListener("focus", () => el.select());
  });
}

function mulaiPengajuan(): void {
  pasangTombolPeta();
  pasangAnonim();
  pasangSalin();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulaiPengajuan);
else mulaiPengajuan();

/* akun */
// Tracking page: its live part (#lacak-langsung) is fetched and swapped whole on every event of the
// tiket's stream. Typed text and chosen files survive through hx-preserve; the disclosures the citizen
// opened (cancel, reopen) are reopened here, so an officer's action never closes a form being filled in.
const terbukaSebelumTukar = new Set<string>();

document.addEventListener("htmx:beforeSwap", (e) => {
  const sasaran = (e as CustomEvent).detail.target as HTMLElement | null;
  if (!sasaran || sasaran.id !== "lacak-langsung") return;
  terbukaSebelumTukar.clear();
  sasaran.querySelectorAll<HTMLDetailsElement>("details[id][open]").forEach((d) => terbukaSebelumTukar.add(d.id));
});

document.addEventListener("htmx:afterSwap", () => {
  terbukaSebelumTukar.forEach((id) => {
    const el = document.getElementById(id);
    if (el instanceof HTMLDetailsElement) el.open = true;
  });
  terbukaSebelumTukar.clear();
});

// A form marked data-konfirmasi="<question>" asks once more in a modal dialog before it is sent (cancelling
// a ticket cannot be undone). Without JavaScript the form is sent as it is: its own button already says
// what happens. Captured before app.ts's double-submit guard, which leaves a prevented submit alone.
document.addEventListener(
  "submit",
  (e) => {
    const form = e.target as HTMLFormElement;
    const tanya = form.dataset.konfirmasi;
    const dialog = document.getElementById("dialog-konfirmasi") as HTMLDialogElement | null;
    if (!tanya || !dialog || typeof dialog.showModal !== "function") return;
    // An incomplete form goes straight to the server, which answers with its inline errors.
    if (!form.checkValidity()) return;
    if (form.dataset.dikonfirmasi === "1") {
      delete form.dataset.dikonfirmasi;
      return;
    }
    e.preventDefault();
    const teks = dialog.querySelector<HTMLElement>("[data-teks-konfirmasi]");
    if (teks) teks.textContent = tanya;
    const pengirim = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    const ya = dialog.querySelector<HTMLButtonElement>("[data-ya]");
    if (ya) {
      ya.onclick = () => {
        dialog.close();
        form.dataset.dikonfirmasi = "1";
        form.requestSubmit(pengirim ?? undefined);
      };
    }
    dialog.showModal();
    dialog.querySelector<HTMLElement>("[data-tutup-dialog]")?.focus();
  },
  true,
);
