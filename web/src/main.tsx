// Entry: mounts the app into #app (replacing the boot note the page shows until the script runs).
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
