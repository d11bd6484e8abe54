import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo consumes the kit's built packages, as a customer's app does (no source condition).
export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.DEMO_VITE_PORT ?? 5173),
    // `vite` for frontend work: the API comes from `pnpm start` on DEMO_PORT.
    proxy: { '/api': `http://127.0.0.1:${process.env.DEMO_PORT ?? 3000}` },
  },
});
