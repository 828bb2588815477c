/**
 * The one way jiaofu loads exceljs: with its XML stream parser fixed so that Chinese text survives.
 *
 * exceljs 4.4.0 (the latest release) turns each inflated chunk of an xlsx part into a string on its
 * own (`lib/utils/parse-sax.js`: `saxesParser.write(bufferToString(chunk))`). A character whose
 * three UTF-8 bytes straddle two chunks becomes two U+FFFD: on a generated 140k-person registry,
 * names such as 郑明 came back as 郑�� — the streaming reader every importer uses corrupted a few
 * names per 100k rows at random places. The bug is known upstream (exceljs issues #2063, #2084,
 * #2316; fixes proposed in PRs #1665, #1821, #2081, #2894, none merged) and the forks on npm carry
 * the same code. The parser below is exceljs's own with one change: chunks go through a
 * `StringDecoder`, which keeps an incomplete character until the next chunk completes it.
 *
 * exceljs's modules take the parser when they are first loaded, so it is put in the CommonJS cache
 * before exceljs is required, and nothing in the project may load exceljs another way
 * (exceljs.test.ts fails on any other import of it; `import type` is fine).
 */
import { createRequire, Module } from 'node:module';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSModule from 'exceljs';

const require = createRequire(import.meta.url);

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

interface SaxesParserLike {
  on(event: string, handler: (value: never) => void): void;
  write(text: string): void;
}

/** exceljs's `parse-sax` with chunks decoded across their boundaries. */
export function makeParseSax(SaxesParser: new () => SaxesParserLike) {
  return async function* parseSax(input: AsyncIterable<Buffer | string> | NodeJS.ReadableStream) {
    let iterable = input as AsyncIterable<Buffer | string>;
    const stream = input as NodeJS.ReadableStream & { [Symbol.asyncIterator]?: unknown };
    if (typeof stream.pipe === 'function' && !stream[Symbol.asyncIterator])
      iterable = stream.pipe(new PassThrough()) as unknown as AsyncIterable<Buffer>;
    const parser = new SaxesParser();
    let error: unknown;
    parser.on('error', (err: never) => {
      error = err;
    });
    let events: SaxEvent[] = [];
    parser.on('opentag', (value: never) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value: never) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value: never) => events.push({ eventType: 'closetag', value }));
    const decoder = new StringDecoder('utf8');
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest !== '') {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  };
}

let loaded: typeof ExcelJSModule | null = null;
/** Marks the fixed parser in the module cache (another copy of this module may have put it there). */
const FIXED = Symbol.for('jiaofu.exceljs.parseSaxFixed');

/** Marks unzipper's Parse as fixed (see `fixUnzipperEnd`). */
const END_FIXED = Symbol.for('jiaofu.unzipper.parseEndFixed');

interface UnzipperParse {
  (
    opts?: object,
  ): NodeJS.EventEmitter & { push(chunk: unknown): boolean; _readableState: { ended: boolean } };
  prototype: { _readRecord(this: unknown): Promise<unknown> };
  [END_FIXED]?: true;
}

/**
 * exceljs's streaming reader takes the zip's parts from unzipper 0.10's `Parse`, which says 'end'
 * as soon as the whole *file* has been written into it (`this.on('finish', () => this.emit('end'))`),
 * not when it has handed out the last part. exceljs's part loop then stops early: on a small
 * workbook, parts near the end of the zip were never read. A workbook of four or more sheets
 * written by exceljs (its xl/workbook.xml is the last part) was refused as a corrupt file (“Cannot
 * read properties of undefined (reading 'sheets')”), at random from one run to the next. Here that
 * 'finish' handler is taken off, and the readable side ends when the parser has read its last
 * record — as a stream should — so every part is read. A file cut short still fails with
 * unzipper's FILE_ENDED, which the readers report as a damaged file.
 */
function fixUnzipperEnd(): void {
  const unzipper = createRequire(require.resolve('exceljs/lib/stream/xlsx/workbook-reader.js'))(
    'unzipper',
  ) as { Parse: UnzipperParse };
  const Parse = unzipper.Parse;
  if (Parse[END_FIXED]) return;
  const readRecord = Parse.prototype._readRecord;
  // Every record's promise settles after the records behind it: the first to settle is the last record.
  Parse.prototype._readRecord = function (this: {
    push(c: unknown): boolean;
    _readableState: { ended: boolean };
  }) {
    return readRecord.call(this).then((v) => {
      if (!this._readableState.ended) this.push(null);
      return v;
    });
  };
  const fixed = ((opts?: object) => {
    const p = Parse(opts);
    const handlers = p.listeners('finish');
    const early = handlers[handlers.length - 1] as ((...a: unknown[]) => void) | undefined;
    // (A later unzipper that changed this fails here, loudly, rather than reading half a workbook.)
    if (early === undefined || !/emit\(['"]end['"]\)/.test(String(early)))
      throw new Error(
        'unzipper 的 Parse 已变化：找不到提前结束的 finish 处理（见 src/modules/xlsx/exceljs.ts）',
      );
    p.removeListener('finish', early);
    return p;
  }) as UnzipperParse;
  fixed.prototype = Parse.prototype;
  fixed[END_FIXED] = true;
  unzipper.Parse = fixed;
}

/** exceljs with the fixed parser (loaded on first use: it takes ~0.5 s, so CSV runs never pay). */
export function loadExcel(): typeof ExcelJSModule {
  if (loaded) return loaded;
  fixUnzipperEnd();
  const saxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
  const cached = require.cache[saxPath];
  if (cached === undefined) {
    const { SaxesParser } = createRequire(saxPath)('saxes') as { SaxesParser: new () => SaxesParserLike };
    const parseSax = Object.assign(makeParseSax(SaxesParser), { [FIXED]: true });
    const mod = new Module(saxPath);
    mod.filename = saxPath;
    mod.loaded = true;
    mod.exports = parseSax;
    require.cache[saxPath] = mod;
  } else if (!(cached.exports as { [FIXED]?: boolean })[FIXED]) {
    throw new Error('exceljs 已在修正前加载：请通过 src/modules/xlsx/exceljs.ts 的 loadExcel() 使用 exceljs');
  }
  loaded = require('exceljs') as typeof ExcelJSModule;
  return loaded;
}

/**
 * The refusal of a workbook whose data is split over sheets (a township per sheet): reading the
 * data sheet alone would miss the others' rows without a word. One wording for every reader.
 */
export function splitSheetsMessage(what: string, dataSheet: string, others: readonly string[]): string {
  return `${what}的数据分在多个工作表中：除“${dataSheet}”外，工作表${others.map((n) => `“${n}”`).join('、')}也有数据。只读取一个工作表会漏掉其余的行，请把各工作表的数据合并到一个工作表后再导入`;
}
