/// <reference types="vitest/config" />
import { readFile } from 'node:fs/promises';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { manifest } from './src/app/manifest';

// FEHRIST_BUILD_ID lets tests build two different versions of the same source.
const buildId = process.env.FEHRIST_BUILD_ID ?? new Date().toISOString();

// The domain key of a ChatKit deployment (OpenAI's domain allowlist). Without one, the chat
// panel never loads ChatKit and the policy below allows no other origin.
const chatKitDomainKey = process.env.FEHRIST_CHATKIT_DOMAIN_KEY ?? '';
// Origin of ChatKit's script (https://cdn.platform.openai.com/deployments/chatkit/chatkit.js,
// src/chat/chatkit-loader.ts). The <openai-chatkit> element renders its UI in an iframe (the
// frameTitle option of @openai/chatkit 1.9.0), so frame-src allows that origin too.
// NOTE: that the frame comes from the same origin is taken from public ChatKit bug reports.
// Tests never reach the CDN, so this policy is untested with the real script.
const chatKitOrigin = chatKitDomainKey ? ' https://cdn.platform.openai.com' : '';

// The policy allows only what the app loads: its own scripts, styles, icons and API, plus
// ChatKit's script and frame when a domain key is set. Connections stay on the same origin,
// because ChatKit sends its API requests through the app's fetch (its api.fetch option).
// Style attributes are not allowed either; React sets styles through the CSSOM, which CSP
// permits.
// frame-ancestors is ignored in a meta tag, so the server sends that header itself.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self'${chatKitOrigin}`,
  `frame-src 'self'${chatKitOrigin}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Adds the CSP meta tag to the built index.html only: the dev server injects inline styles. */
function contentSecurityPolicyTag(): Plugin {
  return {
    name: 'fehrist-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Loads `file.json?sections=a,b` as a module that exports only those top-level sections. The
 * editor's chunk takes its strings from en.json and ur.json this way (src/i18n/editor-strings.ts),
 * so they stay out of the first-render chunk, which imports the files' other sections.
 */
function jsonSections(): Plugin {
  const pattern = /^(.+\.json)\?sections=([A-Za-z0-9_,]+)$/;
  return {
    name: 'fehrist-json-sections',
    enforce: 'pre',
    async load(id) {
      const match = pattern.exec(id);
      if (!match?.[1] || !match[2]) return null;
      const data = JSON.parse(await readFile(match[1], 'utf8')) as Record<string, unknown>;
      return match[2]
        .split(',')
        .map((name) => {
          if (!(name in data)) throw new Error(`${match[1]} has no section "${name}"`);
          return `export const ${name} = ${JSON.stringify(data[name])};`;
        })
        .join('\n');
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  define: {
    __FEHRIST_BUILD_ID__: JSON.stringify(buildId),
    __FEHRIST_CHATKIT_DOMAIN_KEY__: JSON.stringify(chatKitDomainKey),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    rolldownOptions: {
      // The domain builds its zod schemas at module level. Marking those builder calls pure
      // lets the bundler drop schemas that a chunk does not use.
      // NOTE: zod (about 27 KB gzip) still loads before the first render, because the list's
      // query helpers share domain/src/task.ts and query.ts with the schemas, and chunks are
      // split by module. Moving the schemas into modules of their own would leave zod to the
      // mutators' chunk, which loads after the first render.
      treeshake: { manualPureFunctions: ['z', 'TaskPatchSchema.extend'] },
      // Everything the entry imports statically goes into one chunk: the first render then
      // loads one file that compresses as a whole, instead of small shared chunks that each pay
      // for their own gzip stream and import glue.
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'start',
              tags: ['$initial'],
              // The entry (index.html and main.tsx) stays the chunk the Vite manifest names
              // index.html, which bench/pwa.bench.ts starts from.
              test: (id) => !/[\\/](index\.html|src[\\/]main\.tsx)$/.test(id),
            },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: process.env.FEHRIST_API ?? 'http://127.0.0.1:8080' } },
  },
  plugins: [
    jsonSections(),
    react(),
    contentSecurityPolicyTag(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // workbox-window registers the worker in src/app/updates.ts, so no inline script is added.
      injectRegister: false,
      registerType: 'prompt',
      manifest,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      injectManifest: {
        // Only the shell is precached; the Vite manifest and task data never are.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['.vite/**'],
      },
      devOptions: { enabled: false },
    }),
  ],
});
