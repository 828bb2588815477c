/** Sends a temporary export file as a download and removes it afterwards. */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Streams `file` as `name` (Chinese names are sent RFC 5987-encoded) and deletes it when done. */
export function sendTempFile(reply: FastifyReply, file: string, name: string) {
  const ext = name.split('.').pop() ?? '';
  reply.header('content-type', TYPES[ext] ?? 'application/octet-stream');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  const stream = createReadStream(file);
  stream.on('close', () => void rm(file, { force: true }));
  return reply.send(stream);
}
