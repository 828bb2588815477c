/**
 * The names downloads are saved under. A name made from what a user typed (a 公示 title) must be
 * a file name on the bureau's Windows machines and must not look like a formula: a title
 * `=HYPERLINK("http://x","点我")` would otherwise be saved as `=HYPERLINK(…).xlsx`.
 */

/** Characters Windows refuses in a file name that read as separators (2020/2021, 10:30): a dash for each. */
const SEPARATOR_RE = /[/\\|:]/g;
/** The other characters Windows refuses, and the controls (tab, line breaks…) and direction overrides: removed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it removes.
const ILLEGAL_RE = /[<>"?*\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** A formula's first character (= + - @, half- or full-width), with any spaces and dots before the name. */
const LEADING_RE = /^[\s.=+\-@\uff1d\uff0b\uff0d\uff20]+/;
/** Names Windows reserves for devices, with or without an extension. */
const RESERVED_RE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** Longest name kept (before the extension), well within every file system's limit. */
const MAX_NAME_CHARS = 100;

/**
 * `name` as a safe file name: characters Windows refuses removed (/ \ | : made dashes), a leading
 * formula character (and spaces or dots) removed, trailing dots and spaces removed, a device name
 * (CON, NUL…) prefixed, the name cut to 100 characters; the extension (.xlsx, .csv…) kept.
 * `fallback` when nothing is left.
 */
export function safeFilename(name: string, fallback = '下载文件'): string {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  let base = name
    .slice(0, name.length - ext.length)
    .normalize('NFC')
    .replace(ILLEGAL_RE, '');
  base = base.replace(SEPARATOR_RE, '-');
  base = base
    .replace(/\s+/g, ' ')
    .replace(LEADING_RE, '')
    .replace(/[\s.]+$/, '');
  base = [...base]
    .slice(0, MAX_NAME_CHARS)
    .join('')
    .replace(/[\s.]+$/, '');
  if (!base) base = fallback;
  if (RESERVED_RE.test(base)) base = `_${base}`;
  return base + ext;
}

/**
 * The Content-Disposition of a download saved as `name` (made safe, see safeFilename): an ASCII
 * fallback for old clients and the UTF-8 name (RFC 5987) every current browser uses.
 */
export function attachmentDisposition(name: string): string {
  const safe = safeFilename(name);
  const ascii = safe.replace(/[^\x20-\x7e]|%/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}
