import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { App } from '../../server/http.ts';

/** Biggest accepted upload (a county's roll is ~30 MB; a whole registry export can reach 200 MB). */
export const MAX_UPLOAD_BYTES = 300 * 1024 * 1024;
export const UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
];

/** Where uploads wait for their import job (removed by the job when it ends). */
export const UPLOAD_DIR = path.join(os.tmpdir(), 'jiaofu-uploads');

export class UploadTooLarge extends Error {}

/**
 * Streams an uploaded file body to a temporary file instead of memory, so a 200 MB registry
 * export does not sit in the heap; the route gets `{ path, bytes }` as its body.
 */
export function registerFileUpload(app: App): void {
  app.addContentTypeParser(UPLOAD_TYPES, { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => {
    const file = path.join(UPLOAD_DIR, randomUUID());
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (bytes > MAX_UPLOAD_BYTES) cb(new UploadTooLarge('上传文件超过 300 MB'));
        else cb(null, chunk);
      },
    });
    mkdir(UPLOAD_DIR, { recursive: true })
      .then(() => pipeline(payload, counter, createWriteStream(file)))
      .then(() => done(null, { path: file, bytes }))
      .catch((err: Error) => done(err, undefined));
  });
}

export interface UploadedFile {
  path: string;
  bytes: number;
}

export function isUploadedFile(x: unknown): x is UploadedFile {
  return typeof x === 'object' && x !== null && typeof (x as UploadedFile).path === 'string';
}

/**
 * A user's file name as the name of a file in a folder of its own: the readers tell .csv, .xlsx and
 * .xls apart by the extension and name the file in their messages. Path separators, control and
 * Windows-reserved characters become '_'; a long name is shortened.
 */
export function safeFileName(name: string): string {
  const chars = [...path.basename(name)].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch));
  if (chars.length === 0) return 'upload';
  // A file system takes 255 bytes a name: a long one keeps its start and its extension.
  if (chars.length <= SAFE_NAME_CHARS) return chars.join('');
  const ext = path.extname(chars.join('')).slice(0, 10);
  return chars.slice(0, SAFE_NAME_CHARS - ext.length).join('') + ext;
}

/** Characters kept of a file name (3 bytes each in UTF-8 for Chinese: within the usual 255-byte limit). */
const SAFE_NAME_CHARS = 60;
