/**
 * Where the 一生一档 search term is kept. A name or a 学籍号 goes into the address (`?q=`), so a
 * link, a reload and back/forward show the same search; a term holding an ID — or any long run of
 * digits — stays out of it, in the history entry's state, so it lands in neither the address bar
 * nor the browser's history list (back/forward still show it, a reload keeps it, a copied link
 * does not carry it).
 */

/** True when `q` holds an ID or another long run of digits (11 or more, spaces and dashes aside). */
export function keepOutOfUrl(q: string): boolean {
  const compact = q.normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff-]/g, '');
  return /\d{11,}/.test(compact);
}

/** The history entry's state of a search kept out of the address. */
export interface SearchState {
  q: string;
}

/** Where searching `term` leads: the address's search part and the history entry's state. */
export function searchLocation(term: string): { search: string; state: SearchState | null } {
  const q = term.trim();
  if (!q) return { search: '', state: null };
  if (keepOutOfUrl(q)) return { search: '', state: { q } };
  return { search: `?${new URLSearchParams({ q })}`, state: null };
}

/** The term being searched: the address's `?q=`, else the history entry's state. */
export function searchTerm(search: string, state: unknown): string {
  const fromUrl = new URLSearchParams(search).get('q')?.trim();
  if (fromUrl) return fromUrl;
  const q = (state as Partial<SearchState> | null)?.q;
  return typeof q === 'string' ? q.trim() : '';
}

/** What a paged list keeps in its address: the page, the page size and the search term. */
export interface ListPlace {
  page: number;
  pageSize: number;
  q: string | undefined;
}

/** Page sizes a list offers (antd's size changer); another `size=` in the address is not taken. */
export const PAGE_SIZES = [10, 20, 50, 100] as const;

/** The page, size and term a list's address (and history entry's state) holds; defaults elsewhere. */
export function listPlace(search: string, state: unknown, defaultSize: number): ListPlace {
  const params = new URLSearchParams(search);
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : defaultSize,
    q: searchTerm(search, state) || undefined,
  };
}

/**
 * Where a change of a list's page, size or term leads: the address's other parameters (the tab,
 * the list) kept, page 1 and the default size left out, a new term or size back at page 1, and a
 * term holding an ID kept out of the address as `searchLocation` keeps it.
 */
export function listLocation(
  search: string,
  state: unknown,
  defaultSize: number,
  change: Partial<ListPlace>,
): { search: string; state: SearchState | null } {
  const now = listPlace(search, state, defaultSize);
  const next: ListPlace = { ...now, ...change };
  if ('q' in change && change.q !== now.q) next.page = 1;
  if (change.pageSize !== undefined && change.pageSize !== now.pageSize) next.page = 1;
  const params = new URLSearchParams(search);
  params.delete('q');
  params.delete('page');
  params.delete('size');
  const term = searchLocation(next.q ?? '');
  const q = new URLSearchParams(term.search).get('q');
  if (q) params.set('q', q);
  if (next.pageSize !== defaultSize) params.set('size', String(next.pageSize));
  if (next.page > 1) params.set('page', String(next.page));
  const s = params.toString();
  return { search: s ? `?${s}` : '', state: term.state };
}
