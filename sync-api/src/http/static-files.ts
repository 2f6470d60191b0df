import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context, Next } from 'koa';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * What the app may load: its own origin only, except ChatKit's script and iframe from OpenAI's
 * CDN for the chat panel. The built index.html drops those two when no ChatKit domain key was
 * set at build time, and browsers enforce both policies. React sets styles through the CSSOM
 * (element.style), which style-src does not restrict, so no inline styles are allowed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' https://cdn.platform.openai.com",
  "frame-src 'self' https://cdn.platform.openai.com",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built PWA. Unknown paths that ask for HTML get index.html, so deep links
 * work; hashed assets are cached for a year, the shell and service worker never.
 */
export function serveStatic(root: string) {
  const base = resolve(root);

  return async (ctx: Context, next: Next): Promise<void> => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/')) {
      return next();
    }

    let file = await findFile(base, ctx.path);
    if (!file && ctx.accepts('html') === 'html' && !extname(ctx.path)) {
      file = await findFile(base, '/index.html');
    }
    if (!file) return next();

    const extension = extname(file);
    ctx.type = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    ctx.length = (await stat(file)).size;
    ctx.set(
      'Cache-Control',
      file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (extension === '.html') ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file);
  };
}

async function findFile(base: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = normalize(join(base, decoded));
  if (candidate !== base && !candidate.startsWith(base + sep)) return undefined;
  try {
    const info = await stat(candidate);
    if (info.isFile()) return candidate;
    if (info.isDirectory()) return findFile(base, join(decoded, 'index.html'));
  } catch {
    return undefined;
  }
  return undefined;
}
