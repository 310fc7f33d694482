import { defineConfig } from 'vite';

// No React plugin: Vite's own transform compiles TSX with the automatic runtime, and the app has
// no use for Fast Refresh in a production build. Output goes to dist/, which apps/luotsi serves.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', reportCompressedSize: false },
  oxc: { jsx: { runtime: 'automatic' } },
});
