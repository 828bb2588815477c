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
