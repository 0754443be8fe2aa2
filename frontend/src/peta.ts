// Map pin for the complaint form, loaded only when the citizen asks for the map (Leaflet is ~40 KB
// compressed; the form itself stays light). Without it the latitude/longitude fields and the address
// work as plain inputs.
//
// <div data-peta data-lat-input="id_lat" data-lon-input="id_lon" data-ubin="https://.../{z}/{x}/{y}.png"
//      data-pusat="lat,lon" data-atribusi="..."></div>
import L from "leaflet";

function pasang(el: HTMLElement): void {
  if (el.dataset.terpasang) return;
  el.dataset.terpasang = "1";
  const lat = document.getElementById(el.dataset.latInput || "") as HTMLInputElement | null;
  const lon = document.getElementById(el.dataset.lonInput || "") as HTMLInputElement | null;
  if (!lat || !lon) return;
  const [pLat, pLon] = (el.dataset.pusat || "-2.5,118").split(",").map(Number);
  const awal: L.LatLngExpression =
    lat.value && lon.value ? [Number(lat.value), Number(lon.value)] : [pLat, pLon];
  const peta = L.map(el, { zoomControl: true }).setView(awal, lat.value ? 16 : 12);
  if (el.dataset.ubin) {
    L.tileLayer(el.dataset.ubin, { maxZoom: 19, attribution: el.dataset.atribusi || "" }).addTo(peta);
  }
  // A circle marker needs no image files (the default pin's PNGs would have to be shipped separately).
  let penanda: L.CircleMarker | null = null;
  const taruh = (ll: L.LatLng) => {
    lat.value = ll.lat.toFixed(6);
    lon.value = ll.lng.toFixed(6);
    lat.dispatchEvent(new Event("change", { bubbles: true }));
    if (penanda) penanda.setLatLng(ll);
    else penanda = L.circleMarker(ll, { radius: 10, color: "#b42318", weight: 3 }).addTo(peta);
  };
  if (lat.value && lon.value) taruh(L.latLng(Number(lat.value), Number(lon.value)));
  peta.on("click", (e: L.LeafletMouseEvent) => taruh(e.latlng));
  const ubah = () => {
    const a = Number(lat.value);
    const b = Number(lon.value);
    if (lat.value && lon.value && Number.isFinite(a) && Number.isFinite(b)) {
      const ll = L.latLng(a, b);
      taruh(ll);
      peta.panTo(ll);
    }
  };
  lat.addEventListener("input", ubah);
  lon.addEventListener("input", ubah);
}

document.querySelectorAll<HTMLElement>("[data-peta]").forEach(pasang);
