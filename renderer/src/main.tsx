import './zod-jitless';
// Base styles first, so each page's own stylesheet comes later and wins.
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/shell.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createClient } from './client/create-client';
import { AppModelProvider } from './state/app-context';
import { createAppModel } from './state/app-model';

const model = createAppModel(createClient());
model.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppModelProvider model={model}>
      <App />
    </AppModelProvider>
  </StrictMode>,
);
