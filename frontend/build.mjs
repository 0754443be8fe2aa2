// Builds frontend/src into frontend/static/frontend/ (build output, never committed).
// `node frontend/build.mjs` (npm run build); `--watch` rebuilds on change during development.
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const options = {
  entryPoints: {
    app: "frontend/src/app.ts",
    peta: "frontend/src/peta.ts",
    gaya: "frontend/src/gaya.css",
    "peta-gaya": "frontend/src/peta.css",
    // The metrics page's charts (uPlot): loaded only by the pages that draw them.
    grafik: "frontend/src/grafik.ts",
    "grafik-gaya": "frontend/src/grafik.css",
  },
  outdir: "frontend/static/frontend",
  bundle: true,
  minify: true,
  sourcemap: false,
  // Cheap Android phones run old Chromium/WebView builds: stay on syntax they all understand.
  target: ["es2019"],
  format: "iife",
  legalComments: "linked",
  logLevel: "info",
  loader: { ".png": "dataurl", ".svg": "dataurl" },
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
