#!/usr/bin/env node
// Builds web/dist with Vite only when it is missing or older than its sources, so `npm test`
// and `npm start` always serve the current web app without rebuilding every time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const configFile = path.join(web, 'vite.config.ts');
const builtIndex = path.join(web, 'dist', 'index.html');

/** Newest modification time (ms) among a file or every file under a folder. */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

function builtAt() {
  try {
    return fs.statSync(builtIndex).mtimeMs;
  } catch {
    return null;
  }
}

const sources = Math.max(
  newest(path.join(web, 'src')),
  newest(path.join(web, 'index.html')),
  newest(configFile),
  // The web app imports pure rules from src/domain (e.g. dropout/dates.ts): a change there is a change of the app.
  newest(path.join(root, 'src', 'domain')),
);
const built = builtAt();

if (built !== null && built >= sources) {
  console.log('web: web/dist is up to date');
} else {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
  console.log(
    `web: built web/dist in ${((Date.now() - started) / 1000).toFixed(1)}s (${built === null ? 'missing' : 'sources changed'})`,
  );
}
