/**
 * The 一生一档 search page (web PersonSearchPage.tsx, search-term.ts) keeps a term holding an ID out
 * of the address bar and so out of the browser's history; names and 学籍号 stay in `?q=` for links,
 * reloads and back/forward.
 */
import { describe, expect, it } from 'vitest';
import { keepOutOfUrl, listLocation, listPlace, searchLocation, searchTerm } from '../web/src/search-term.ts';

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

describe('where a paged list keeps its page, size and search (tester v21b F10)', () => {
  it('reads the page, a size the list offers and the term, with defaults for the rest', () => {
    expect(listPlace('?list=review&page=3&size=50&q=%E6%9D%8E', null, 20)).toEqual({
      page: 3,
      pageSize: 50,
      q: '李',
    });
    expect(listPlace('', null, 20)).toEqual({ page: 1, pageSize: 20, q: undefined });
    // Nothing else is taken: no page 0, -1 or 2.5, no size the size changer does not offer.
    for (const bad of ['?page=0&size=7', '?page=-1&size=100000', '?page=2.5&size=abc', '?page=1e400'])
      expect(listPlace(bad, null, 20), bad).toEqual({ page: 1, pageSize: 20, q: undefined });
    // A term kept out of the address comes from the history entry's state.
    expect(listPlace('?page=2', { q: '350421200805053098' }, 20).q).toBe('350421200805053098');
  });

  it('keeps the page’s own parameters, and starts a new search or size at page 1', () => {
    const at = '?list=linked&page=4';
    expect(listLocation(at, null, 20, { page: 5 })).toEqual({ search: '?list=linked&page=5', state: null });
    expect(listLocation(at, null, 20, { page: 1 })).toEqual({ search: '?list=linked', state: null });
    expect(listLocation(at, null, 20, { q: '陈国华' })).toEqual({
      search: `?list=linked&q=${encodeURIComponent('陈国华')}`,
      state: null,
    });
    expect(listLocation(at, null, 20, { page: 4, pageSize: 50 })).toEqual({
      search: '?list=linked&size=50',
      state: null,
    });
    // The same term again keeps the page; clearing the term goes back to the whole list.
    expect(listLocation('?list=x&q=a&page=3', null, 20, { q: 'a' }).search).toBe('?list=x&q=a&page=3');
    expect(listLocation('?list=x&q=a&page=3', null, 20, { q: undefined }).search).toBe('?list=x');
  });

  it('keeps an ID searched out of the address, in the history entry’s state, with the page in it', () => {
    const to = listLocation('?list=unmatched&q=%E6%9D%8E&page=2', null, 20, { q: '350421200805053098' });
    expect(to).toEqual({ search: '?list=unmatched', state: { q: '350421200805053098' } });
    // Paging on keeps the term where it is.
    expect(listLocation(to.search, to.state, 20, { page: 2 })).toEqual({
      search: '?list=unmatched&page=2',
      state: { q: '350421200805053098' },
    });
  });
});
