import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { maskId } from '../src/domain/identity/id-number.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import type { App } from '../src/server/http.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * 一生一档 search as users type names and IDs: a traditional name, a no-break space, an ID copied
 * masked from a list (several people may share what a mask shows: all are listed), a search with
 * more hits than one answer gives (it says so), and a query sent without URL encoding (the app's
 * Chinese error, not Fastify's).
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-person-search-'));
let database: Database;
let app: App;
const cookie: Record<string, string> = {};

/** A valid ID of `area`, born `ymd`, whose last four characters are `tail` (the sequence is searched). */
function idEnding(area: string, ymd: string, tail: string): string {
  const first17 = `${area}${ymd}${tail.slice(0, 3)}`;
  if (idCheckChar(first17) !== tail[3]) throw new Error('no such ID');
  return first17 + tail[3];
}
/** IDs of `area` that end in `tail`, one per birth day tried (those whose check character fits). */
function idsEnding(area: string, tail: string, n: number): string[] {
  const out: string[] = [];
  for (let d = 1; out.length < n && d < 400; d++) {
    const day = new Date(Date.UTC(2012, 0, d)).toISOString().slice(0, 10).replaceAll('-', '');
    try {
      out.push(idEnding(area, day, tail));
    } catch {}
  }
  return out;
}
const id = (area: string, ymd: string, seq: number): string => {
  const first17 = `${area}${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};

const [QL1, QL2] = idsEnding('350423', '7057', 2) as [string, string];
const MX_CHEN = id('350421', '20120303', 11);
const MX_LI = id('350421', '20120404', 13);
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const line = (no: string, name: string, pid: string, school: string) =>
  `${no},${name},,,${pid},${school},,小学,三年级`;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'ql-admin', 'county_admin', { scopeCode: '350423' });
  await addUser(database, 'city', 'city_admin', { scopeCode: '3504' });
  app = await testApp(database);
  for (const u of ['mx-admin', 'ql-admin', 'city']) cookie[u] = await login(app, u);
  const many = Array.from({ length: 101 }, (_, i) =>
    line(
      `L3000${String(i).padStart(3, '0')}`,
      `王${'一二三四五六七八九十'[i % 10]}${'甲乙丙丁戊己庚辛壬癸'[Math.floor(i / 10) % 10]}${i >= 100 ? '多' : ''}`,
      id('350421', '20110101', 100 + i),
      '2135000001',
    ),
  );
  const rows = [
    line(`G${MX_CHEN}`, '陈国华', MX_CHEN, '2135000001'),
    line(`G${MX_LI}`, '李明', MX_LI, '2135000001'),
    line(`G${QL1}`, '赵一', QL1, '2135000002'),
    line(`G${QL2}`, '赵二', QL2, '2135000002'),
    ...many,
  ];
  const f = path.join(dir, 'roll.csv');
  fs.writeFileSync(f, `${[HEAD, ...rows].join('\n')}\n`);
  const r = await importStudents(database.db, SYSTEM_ACTOR, { path: f, filename: 'roll.csv' });
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const search = async (who: string, q: string) => {
  const r = await callAs(app, cookie, who, 'GET', `/api/persons?q=${encodeURIComponent(q)}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { items: Array<{ name: string; id_masked: string }>; more: boolean };
};
const names = async (who: string, q: string) => (await search(who, q)).items.map((h) => h.name);

describe(`一生一档 search as users type (${testDbKind})`, () => {
  it('finds a name typed in traditional characters or with a space of any kind', async () => {
    expect(await names('mx-admin', '陳國華')).toEqual(['陈国华']);
    expect(await names('mx-admin', '陳')).toEqual(['陈国华']);
    for (const q of ['李\u00a0明', '李 明', '李\u3000明', '李\u200b明'])
      expect(await names('mx-admin', q), q).toEqual(['李明']);
  });

  it('finds an ID typed with spaces or full-width digits', async () => {
    const spaced = `${MX_LI.slice(0, 6)}\u00a0${MX_LI.slice(6, 14)} ${MX_LI.slice(14)}`;
    const wide = MX_LI.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    for (const q of [MX_LI, spaced, wide]) expect(await names('mx-admin', q), q).toEqual(['李明']);
  });

  it('finds an ID copied masked from a list, every person it may be, within scope', async () => {
    const masked = maskId(QL1);
    expect(masked).toBe('350423***********7');
    expect(maskId(QL2)).toBe(masked);
    const hits = await search('ql-admin', masked);
    expect(hits.items.map((h) => h.name).sort()).toEqual(['赵一', '赵二']);
    expect(hits.items.every((h) => h.id_masked === masked)).toBe(true);
    // Full-width stars and digits, as an IME may give them.
    expect((await names('ql-admin', '３５０４２３＊＊＊＊＊＊＊＊７０５７')).sort()).toEqual([
      '赵一',
      '赵二',
    ]);
    // Outside the county: nobody.
    expect(await names('mx-admin', masked)).toEqual([]);
    // A masked 学籍号 as before.
    expect((await names('city', `G${masked}`)).sort()).toEqual(['赵一', '赵二']);
  });

  it('says when a search has more hits than it lists', async () => {
    const all = await search('mx-admin', '王');
    expect(all.items).toHaveLength(100);
    expect(all.more).toBe(true);
    const few = await search('mx-admin', '王一');
    expect(few.items.length).toBeGreaterThan(0);
    expect(few.more).toBe(false);
  });

  it('answers a query sent without URL encoding with the app’s Chinese error', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.write(
          Buffer.concat([
            Buffer.from('GET /api/persons?q='),
            Buffer.from('张', 'utf8'),
            Buffer.from(` HTTP/1.1\r\nHost: x\r\nCookie: ${cookie['mx-admin']}\r\nConnection: close\r\n\r\n`),
          ]),
        );
      });
      const chunks: Buffer[] = [];
      s.on('data', (d) => chunks.push(d));
      s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      s.on('error', reject);
    });
    const [head, body] = answer.split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/content-type: application\/json; charset=utf-8/i);
    const length = Number(/content-length: (\d+)/i.exec(head)![1]);
    expect(Buffer.byteLength(body)).toBe(length);
    expect(JSON.parse(body)).toEqual({
      error: {
        code: 'bad_request',
        message: '请求地址中含有未编码的字符（如汉字），请通过网页搜索，或将查询内容按 URL 编码后重试',
      },
    });
  });
});
