/**
 * The 一生一档 search page (web PersonSearchPage.tsx, search-term.ts) keeps a term holding an ID out
 * of the address bar and so out of the browser's history; names and 学籍号 stay in `?q=` for links,
 * reloads and back/forward.
 */
import { describe, expect, it } from 'vitest';
import { keepOutOfUrl, searchLocation, searchTerm } from '../web/src/pages/person/search-term.ts';

describe('where the 一生一档 search term is kept', () => {
  it('keeps an ID, whole, spaced, full-width or inside a 学籍号, out of the address', () => {
    for (const q of [
      '350421200805053098',
      '35042120080505309X',
      '3504 2120 0805 0530 98',
      '３５０４２１２００８０５０５３０９８',
      'G350421200805053098',
      '350421200805',
      '13812345678',
    ]) {
      expect(keepOutOfUrl(q), q).toBe(true);
      const to = searchLocation(q);
      expect(to.search, q).toBe('');
      expect(to.state, q).toEqual({ q: q.trim() });
      // The page reads it back from the history entry's state (back/forward, reload).
      expect(searchTerm(to.search, to.state)).toBe(q.trim());
    }
  });

  it('keeps names, 学籍号 and masked numbers in the address', () => {
    for (const q of ['陈国华', '李 明', 'L2024001', 'G350421***********8', '350421***********8']) {
      expect(keepOutOfUrl(q), q).toBe(false);
      const to = searchLocation(q);
      expect(to.state).toBeNull();
      expect(new URLSearchParams(to.search).get('q')).toBe(q);
      expect(searchTerm(to.search, null)).toBe(q);
    }
    expect(searchLocation('  ')).toEqual({ search: '', state: null });
    expect(searchTerm('', null)).toBe('');
  });
});
