import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { ErrorProvider } from './errors.tsx';
import './styles.css';
import './feedback.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorProvider>
        <App />
      </ErrorProvider>
    </StrictMode>,
  );
}
