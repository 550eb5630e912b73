import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The dev server takes its port and the API address from the environment (the AppHost sets
// services__api__http__0, the Aspire service-discovery key), so nothing here is tied to one machine.
const apiUrl = process.env.services__api__http__0 ?? process.env.API_URL
const port = process.env.PORT ? Number(process.env.PORT) : undefined

const apiProxy = apiUrl ? { target: apiUrl, changeOrigin: false } : undefined

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    // Inline assets would need data: script/style sources; keep every asset a file under 'self'.
    assetsInlineLimit: 0,
  },
  server: {
    port,
    strictPort: port !== undefined,
    proxy: apiProxy ? { '/api': apiProxy, '/openapi': apiProxy, '/scalar': apiProxy } : undefined,
  },
})
