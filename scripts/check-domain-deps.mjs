#!/usr/bin/env node
// Architecture check (CI, `npm run check`): the policy rules in src/domain stay pure.
// esbuild resolves every import of every domain file (its metafile lists them); a domain
// file may import only other domain files and the two pure text libraries below.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ALLOWED_PACKAGES = new Set(['pinyin-pro', 'opencc-js']);
const root = path.resolve(import.meta.dirname, '..');
const domain = path.join(root, 'src/domain');

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const entryPoints = walk(domain);
const result = await build({
  entryPoints,
  bundle: true,
  write: false,
  metafile: true,
  platform: 'neutral',
  format: 'esm',
  outdir: '/tmp/jiaofu-domain-check',
  logLevel: 'silent',
  plugins: [
    {
      name: 'mark-packages-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
});

const problems = [];
for (const [file, info] of Object.entries(result.metafile.inputs)) {
  if (!file.startsWith('src/domain/')) {
    problems.push(`${file} is reached from src/domain (domain code may import only src/domain)`);
    continue;
  }
  for (const imp of info.imports) {
    if (imp.external) {
      const pkg = imp.path.startsWith('@')
        ? imp.path.split('/').slice(0, 2).join('/')
        : imp.path.split('/')[0];
      if (!ALLOWED_PACKAGES.has(pkg))
        problems.push(`${file} imports "${imp.path}" (I/O or non-domain package)`);
    } else if (!imp.path.startsWith('src/domain/')) {
      problems.push(`${file} imports ${imp.path} (outside src/domain)`);
    }
  }
}
if (problems.length) {
  console.error(`src/domain must stay pure — ${problems.length} forbidden import(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`domain purity: ${entryPoints.length} files checked, no I/O imports`);
