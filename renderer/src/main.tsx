// First: a document opened at launch starts its reader's code and worker now (see the module).
import './opening-on-document';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startFirstScreen } from './first-screen';
import { initI18n } from './i18n';
import './styles.css';

/**
 * How long the first render waits for the first screen's answers (first-screen.ts): they are
 * usually in by the time this code runs (browser mode asks for them while it downloads), and
 * rendering the list in one pass is faster than drawing "loading" first; later than this, the
 * loading state shows while they come.
 */
const FIRST_SCREEN_WAIT_MS = 250;

const firstScreen = startFirstScreen();
const waitedEnough = new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS));

void Promise.all([initI18n(), Promise.race([firstScreen, waitedEnough])]).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
