import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// The renderer, built once for both platforms: Electron loads dist/web through its app:// protocol and a
// browser loads it as a static site. Relative asset paths make both work.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  resolve: {
    alias: [
      // libavoid-js exports only its glue; its .wasm (LGPL) is imported by URL and so stays a separate,
      // replaceable file in the build (assets/libavoid-<hash>.wasm).
      { find: /^libavoid-js\/libavoid\.wasm/, replacement: fileURLToPath(new URL('./node_modules/libavoid-js/dist/libavoid.wasm', import.meta.url)) },
    ],
  },
  // Module workers (both are started with type: 'module'), which may load chunks of their own.
  // libavoid-js's glue is named for what it is (assets/libavoid-<hash>.js), next to its .wasm.
  worker: { format: 'es', rollupOptions: { output: { manualChunks: (id) => (id.includes('/libavoid-js/') ? 'libavoid' : undefined) } } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
