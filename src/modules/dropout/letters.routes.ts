/** HTTP routes of 责任书 (工作要点 5): issue, list (who has not signed), sign, upload the scan. */
import { badRequest } from '../../server/errors.ts';
import { type App, requireActor } from '../../server/http.ts';
import {
  attachment,
  IdParams,
  IssueBody,
  LetterListQuery,
  LetterPatchBody,
  ScanQuery,
} from './dropout.schemas.ts';
import { todayInChina } from './dropout.settings.ts';
import {
  findScan,
  issueLetters,
  listLetters,
  SCAN_TYPES,
  updateLetter,
  uploadScan,
} from './letters.service.ts';

const TAGS = ['dropout'];
const SCAN_LIMIT = 10 * 1024 * 1024;

/** Registers the letter routes (with their own parser for scan uploads). */
export async function letterRoutes(app: App): Promise<void> {
  const db = app.database.db;
  // Encapsulated in this plugin: the scan is the raw request body.
  app.addContentTypeParser(
    [...SCAN_TYPES],
    { parseAs: 'buffer', bodyLimit: SCAN_LIMIT },
    (_req, body, done) => done(null, body),
  );

  app.get('/api/dropout/letters', { schema: { querystring: LetterListQuery, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const q = req.query;
    const items = await listLetters(db, actor, {
      year: q.year,
      kind: q.kind,
      signed: q.signed === undefined ? undefined : q.signed === 'true',
    });
    return {
      items,
      signed: items.filter((i) => i.signed).length,
      unsigned: items.filter((i) => !i.signed).length,
    };
  });

  app.post('/api/dropout/letters/issue', { schema: { body: IssueBody, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    return issueLetters(db, actor, req.body.year, todayInChina());
  });

  app.patch(
    '/api/dropout/letters/:id',
    { schema: { params: IdParams, body: LetterPatchBody, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      return { letter: await updateLetter(db, actor, req.params.id, req.body, todayInChina()) };
    },
  );

  app.post(
    '/api/dropout/letters/:id/scan',
    { bodyLimit: SCAN_LIMIT, schema: { params: IdParams, querystring: ScanQuery, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      if (!Buffer.isBuffer(req.body)) throw badRequest('责任书扫描件须为 PDF、JPG 或 PNG 文件');
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      const name = req.query.filename ?? `责任书扫描件.${type.split('/')[1]}`;
      return {
        letter: await uploadScan(db, actor, req.params.id, { buffer: req.body, type, name }, todayInChina()),
      };
    },
  );

  app.get(
    '/api/dropout/letters/:id/scan',
    { schema: { params: IdParams, tags: TAGS } },
    async (req, reply) => {
      const actor = requireActor(req);
      const f = await findScan(db, actor, req.params.id);
      return reply
        .header('content-type', f.type)
        .header('content-disposition', attachment(f.name))
        .send(f.buffer);
    },
  );
}
