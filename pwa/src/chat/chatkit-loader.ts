/** ChatKit's web component, from OpenAI's CDN; the package @openai/chatkit-react only wraps it. */
export const CHATKIT_SCRIPT_URL = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js';

/** How long the script may take to define `<openai-chatkit>` before the built-in panel is used. */
export const CHATKIT_LOAD_TIMEOUT_MS = 3000;

/** Returns the build's ChatKit domain key (vite.config.ts), or '' when ChatKit is not configured. */
export function chatKitDomainKey(): string {
  return typeof __FEHRIST_CHATKIT_DOMAIN_KEY__ === 'string' ? __FEHRIST_CHATKIT_DOMAIN_KEY__ : '';
}

let loading: Promise<void> | null = null;

/**
 * Loads ChatKit's script once and resolves when `<openai-chatkit>` is defined. Rejects when the
 * script fails to load (offline, blocked by the network or the CSP) or does not define the
 * element within `timeoutMs`. A later call then tries again.
 */
export function loadChatKit(timeoutMs = CHATKIT_LOAD_TIMEOUT_MS): Promise<void> {
  if (customElements.get('openai-chatkit')) return Promise.resolve();
  loading ??= new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('ChatKit did not load in time')), timeoutMs);
    const script = document.createElement('script');

    function fail(error: Error) {
      clearTimeout(timer);
      script.remove();
      loading = null;
      reject(error);
    }

    script.src = CHATKIT_SCRIPT_URL;
    script.async = true;
    script.addEventListener('error', () => fail(new Error('ChatKit script failed to load')));
    void customElements.whenDefined('openai-chatkit').then(() => {
      clearTimeout(timer);
      resolve();
    });
    document.head.append(script);
  });
  return loading;
}
