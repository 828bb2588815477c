/** Temporary export files: where to write one, and sending it as a download that removes it afterwards. */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from '../../server/download.ts';

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A fresh path in the system's temp folder for an export (`kind` names it, `ext` is csv or xlsx). */
export function tempExportFile(kind: string, ext: string): string {
  return path.join(os.tmpdir(), `jiaofu-${kind}-${randomUUID()}.${ext}`);
}

/** Streams `file` as `name` (made a safe file name; Chinese sent RFC 5987-encoded) and deletes it when done. */
export function sendTempFile(reply: FastifyReply, file: string, name: string) {
  const ext = name.split('.').pop() ?? '';
  reply.header('content-type', TYPES[ext] ?? 'application/octet-stream');
  // (A name from a user's text — a 公示 title — made a safe file name: server/download.ts.)
  reply.header('content-disposition', attachmentDisposition(name));
  const stream = createReadStream(file);
  stream.on('close', () => void rm(file, { force: true }));
  return reply.send(stream);
}
