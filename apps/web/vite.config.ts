import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  plugins: [
    vue(),
    // A brotli and a gzip copy beside every text file, made once at build time at the highest
    // level; the api sends the one the browser accepts (apps/api/src/plugins/web-app.ts).
    compression({ algorithms: ['brotliCompress', 'gzip'], logLevel: 'silent' }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The api keeps the session in a cookie, so the dev server serves both from one origin.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  // The api serves files under assets/ (the hashed ones) as immutable; keep the name in step.
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets' },
});
