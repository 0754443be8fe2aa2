// The live stream client: one websocket per page, resumed from the last stream position it saw.
//
// A page opts in with <body data-aliran="/ws/tiket/ADU-.../?token=..." data-sejak="123">: `data-sejak` is
// the newest stream position the server had settled before it rendered the page, so whatever commits
// afterwards is replayed on connect and nothing falls between the render and the socket. Each event is
// dispatched on <body> as `sigap:peristiwa` (detail: the frame); htmx parts listen with
// hx-trigger="sigap:peristiwa from:body" and fetch themselves again. A `muat_ulang` frame (too much
// missed, or an event that arrived out of order) dispatches `sigap:muat-ulang`, which parts treat the same.
//
// Reconnects with exponential backoff and jitter (1 s .. 30 s), except after the server's refusals
// (4400 bad request, 4401 not logged in, 4403 forbidden, 4404 not found) — retrying would never succeed.

export interface Bingkai {
  tipe: string;
  id?: number;
  urutan?: number;
  terakhir?: number;
  jenis?: string;
  aksi?: string;
  nomor?: string;
  status?: string;
  unit?: number;
}

export type KeadaanAliran = "menyambung" | "langsung" | "terputus" | "berhenti";

const KODE_BERHENTI = new Set([4400, 4401, 4403, 4404]);
const TUNDA_AWAL = 1000;
const TUNDA_MAKS = 30000;
// The server sends a heartbeat every REALTIME_DETAK_DETIK (default 20 s); silence for longer than this
// means the path is dead even if the socket has not noticed.
const DIAM_MAKS = 75000;

export class Aliran {
  private ws: WebSocket | null = null;
  private terakhir: number | null;
  private tunda = TUNDA_AWAL;
  private pewaktuSambung: number | undefined;
  private pewaktuDiam: number | undefined;
  private berhenti = false;

  constructor(
    private readonly alamat: string,
    sejak: number | null,
    private readonly sasaran: HTMLElement,
  ) {
    this.terakhir = sejak;
  }

  mulai(): void {
    this.sambung();
    document.addEventListener("visibilitychange", () => {
      // A phone that wakes up reconnects at once instead of waiting out its backoff.
      if (document.visibilityState === "visible" && !this.berhenti && this.ws === null) {
        window.clearTimeout(this.pewaktuSambung);
        this.sambung();
      }
    });
    window.addEventListener("online", () => {
      if (!this.berhenti && this.ws === null) {
        window.clearTimeout(this.pewaktuSambung);
        this.sambung();
      }
    });
  }

  posisi(): number | null {
    return this.terakhir;
  }

  private url(): string {
    const url = new URL(this.alamat, window.location.href);
    url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    if (this.terakhir !== null) url.searchParams.set("sejak", String(this.terakhir));
    return url.toString();
  }

  private sambung(): void {
    this.kabarkan("menyambung");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.jadwalkan();
      return;
    }
    this.ws = ws;
    ws.onmessage = (e: MessageEvent) => this.terima(e.data);
    ws.onclose = (e: CloseEvent) => {
      this.ws = null;
      window.clearTimeout(this.pewaktuDiam);
      if (KODE_BERHENTI.has(e.code)) {
        this.berhenti = true;
        this.kabarkan("berhenti");
        return;
      }
      this.kabarkan("terputus");
      this.jadwalkan();
    };
    this.awasiDiam();
  }

  private jadwalkan(): void {
    const jeda = this.tunda * (0.5 + Math.random());
    this.tunda = Math.min(this.tunda * 2, TUNDA_MAKS);
    this.pewaktuSambung = window.setTimeout(() => this.sambung(), jeda);
  }

  private awasiDiam(): void {
    window.clearTimeout(this.pewaktuDiam);
    this.pewaktuDiam = window.setTimeout(() => this.ws?.close(), DIAM_MAKS);
  }

  private terima(teks: unknown): void {
    this.awasiDiam();
    let bingkai: Bingkai;
    try {
      bingkai = JSON.parse(String(teks)) as Bingkai;
    } catch {
      return;
    }
    switch (bingkai.tipe) {
      case "peristiwa":
        if (typeof bingkai.urutan === "number" && (this.terakhir === null || bingkai.urutan > this.terakhir)) {
          this.terakhir = bingkai.urutan;
          this.pancarkan("sigap:peristiwa", bingkai);
        }
        break;
      case "siap":
        this.tunda = TUNDA_AWAL;
        if (typeof bingkai.terakhir === "number") {
          this.terakhir = Math.max(this.terakhir ?? 0, bingkai.terakhir);
        }
        this.kabarkan("langsung");
        break;
      case "muat_ulang":
        if (typeof bingkai.terakhir === "number") this.terakhir = bingkai.terakhir;
        this.pancarkan("sigap:muat-ulang", bingkai);
        break;
      case "detak":
        // Answer so the server knows this client is alive (it closes silent ones).
        this.ws?.send('{"tipe":"ping"}');
        break;
      case "notifikasi":
        this.pancarkan("sigap:notifikasi", bingkai);
        break;
      default:
        this.pancarkan(`sigap:${bingkai.tipe}`, bingkai);
    }
  }

  private pancarkan(nama: string, detail: Bingkai): void {
    this.sasaran.dispatchEvent(new CustomEvent(nama, { detail, bubbles: true }));
  }

  private kabarkan(keadaan: KeadaanAliran): void {
    document.querySelectorAll<HTMLElement>("[data-keadaan-aliran]").forEach((el) => {
      el.dataset.keadaanAliran = keadaan;
      const teks = el.dataset[`teks${keadaan.charAt(0).toUpperCase()}${keadaan.slice(1)}`];
      if (teks) el.textContent = teks;
    });
    this.sasaran.dispatchEvent(new CustomEvent("sigap:aliran", { detail: { keadaan }, bubbles: true }));
  }
}
