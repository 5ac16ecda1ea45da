import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// In development (`npm run dev`) the APIs are reached through the gateway of
// `make run`, as the built app reaches them when the gateway serves it.
const gateway = process.env.SYNERGI_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(
      ["/registration", "/workshops", "/feedback", "/matching"].map((prefix) => [prefix, gateway]),
    ),
  },
  build: { chunkSizeWarningLimit: 1500 },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
