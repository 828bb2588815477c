import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** word/document.xml of a .docx (a zip), read with the system `unzip` — proof the file opens. */
export function unzipDocumentXml(buf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jf-docx-'));
  const file = path.join(dir, 'r.docx');
  fs.writeFileSync(file, buf);
  try {
    return execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
