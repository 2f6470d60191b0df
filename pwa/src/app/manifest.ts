import type { ManifestOptions } from 'vite-plugin-pwa';

/** The web app manifest; vite-plugin-pwa writes it as manifest.webmanifest and links it. */
export const manifest: Partial<ManifestOptions> = {
  id: '/',
  name: 'Fehrist — tasks, online and offline',
  short_name: 'Fehrist',
  description: 'An offline-first todo list in English and Urdu that syncs across your devices.',
  lang: 'en',
  dir: 'ltr',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  theme_color: '#1f6f5c',
  background_color: '#f7f6f2',
  categories: ['productivity'],
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
  shortcuts: [
    {
      name: 'New task',
      short_name: 'New task',
      description: 'Open Fehrist with the quick-add box focused',
      url: '/?action=new-task',
      icons: [{ src: '/icons/shortcut-new-96.png', sizes: '96x96', type: 'image/png' }],
    },
  ],
};
