import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { markStart } from './app/perf';
import { registerServiceWorker } from './app/updates';
import { initI18n } from './i18n';
import './ui/styles.css';

markStart();
document.documentElement.dataset.build = __FEHRIST_BUILD_ID__;

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

await initI18n();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// After the page has loaded, so the worker's downloads do not compete with the app's. The
// await above can outlast the load event, so check whether it already fired.
if (document.readyState === 'complete') void registerServiceWorker();
else window.addEventListener('load', () => void registerServiceWorker());
