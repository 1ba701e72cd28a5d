import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// The renderer, built once for both platforms: Electron loads dist/web through its app:// protocol and a
// browser loads it as a static site. Relative asset paths make both work.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
