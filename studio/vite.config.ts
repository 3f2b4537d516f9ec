import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The studio bundle: `studio/dist`, served by the platform at `/`. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    // The expression editor imports the platform's expression language (@tessera/platform/expressions),
    // which reads field types from the platform's registry; the richText type's server-side sanitizer
    // is not for the browser: a stand-in that escapes all markup (src/expressions/sanitize-html.browser.ts).
    alias: [{ find: /^sanitize-html$/, replacement: fileURLToPath(new URL('./src/expressions/sanitize-html.browser.ts', import.meta.url)) }],
  },
  // `npx vite` in studio/: the dev server forwards the APIs to `npm start` (PORT, default 4000).
  server: {
    proxy: Object.fromEntries(['/auth', '/metadata', '/graphql'].map((p) => [p, `http://127.0.0.1:${process.env.PORT ?? 4000}`])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        // Heavy libraries in their own chunks, loaded only by the pages that use them.
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'charts';
          if (id.includes('node_modules/@codemirror') || id.includes('node_modules/codemirror') || id.includes('node_modules/@lezer')) return 'editor';
          // Shared by CodeMirror and ProseMirror (the rich-text editor, split off by its lazy import): its own
          // chunk, or it would sit in CodeMirror's and editing rich text would load CodeMirror.
          if (id.includes('node_modules/w3c-keyname')) return 'keyname';
          return undefined;
        },
      },
    },
  },
});
