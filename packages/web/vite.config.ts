import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The SDK is built from its TypeScript source, so the workbench builds without a prior `tsc` of the SDK.
const sdkSource = fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url));

export default defineConfig({
  // Vite 8 transforms TSX with Oxc; the automatic runtime means no `import React` in every file.
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: { '@patchbay/sdk': sdkSource } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" for React Server Components; meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:7300' } },
});
