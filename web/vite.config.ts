import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

// In development (`npm run dev`) the APIs are reached through the gateway of
// `make run`, as the built app reaches them when the gateway serves it.
const gateway = process.env.SYNERGI_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [
    react(),
    // Installable, and the app itself keeps working without network (the door's
    // check-in on a venue's weak Wi-Fi): Workbox precaches the built files; the
    // APIs are never cached by it (the check-in keeps its own data: src/door/).
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: "script-defer", // a file, not an inline script: the CSP allows none
      manifest: {
        name: "Synergi",
        short_name: "Synergi",
        description: "Indsatsdagen: tilmelding, check-in, anbefalede partnere",
        lang: "da",
        start_url: "/",
        display: "standalone",
        theme_color: "#2f6f5e",
        background_color: "#fafafa",
        icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,wasm}"],
        globIgnores: ["vendor/**"],
        maximumFileSizeToCacheInBytes: 12 * 1024 * 1024,
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/(registration|workshops|feedback|matching)\//],
      },
    }),
  ],
  server: {
    proxy: Object.fromEntries(
      ["/registration", "/workshops", "/feedback", "/matching"].map((prefix) => [prefix, gateway]),
    ),
  },
  build: { chunkSizeWarningLimit: 1500 },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
