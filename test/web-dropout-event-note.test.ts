import { describe, expect, it } from 'vitest';
import { returnSchoolNote } from '../src/modules/dropout/cases.queries.ts';
import { openingNote, PERSUASION_NOTE } from '../src/modules/dropout/cases.service.ts';
import { caseEventNote } from '../web/src/pages/dropout/event-note.ts';

/**
 * A 控辍保学 case's history in the English UI (tester A11: its entries read 建立台账, 登记劝返，进入劝返程序,
 * 复学学校：…). The notes the server writes itself — built here by the server's own functions, so a
 * change of their wording fails this test — read in English; what a user typed stays as typed.
 */
describe('case history notes by the chosen language', () => {
  const school = { code: '3504210001', name: '明溪县实验小学' };

  it('reads the server’s own notes in English, names, numbers and dates as they are', () => {
    expect(caseEventNote(openingNote(null, false), 'en')).toBe('Case opened');
    expect(
      caseEventNote(openingNote({ id: 12, closed_at: '2020-06-30', return_date: null }, true), 'en'),
    ).toBe('Case opened (the earlier case no. 12 was closed on 2020-06-30)');
    expect(
      caseEventNote(openingNote({ id: 12, closed_at: '2020-06-30', return_date: '2020-06-01' }, false), 'en'),
    ).toBe(
      'Case opened (the earlier case no. 12 was closed on 2020-06-30, with a return recorded on 2020-06-01)',
    );
    expect(
      caseEventNote(openingNote({ id: 12, closed_at: '2020-06-30', return_date: '2020-06-01' }, true), 'en'),
    ).toBe(
      'Case opened (the earlier case no. 12 was closed on 2020-06-30, with a return recorded on 2020-06-01, but the child is still on no roll)',
    );
    expect(caseEventNote(PERSUASION_NOTE, 'en')).toBe('Persuasion recorded: the case enters persuasion');
    expect(caseEventNote(returnSchoolNote(school, null), 'en')).toBe(
      'Returned to 明溪县实验小学 (3504210001)',
    );
  });

  it('keeps what a user typed as typed, after the server’s part too', () => {
    expect(caseEventNote(returnSchoolNote(school, '家长已送回，班主任确认'), 'en')).toBe(
      'Returned to 明溪县实验小学 (3504210001); 家长已送回，班主任确认',
    );
    expect(caseEventNote('家访两次，家长同意复学', 'en')).toBe('家访两次，家长同意复学');
    // A note that only begins like the server's is the user's.
    expect(caseEventNote('建立台账时未联系上家长', 'en')).toBe('建立台账时未联系上家长');
  });

  it('shows every note as written in Chinese', () => {
    for (const note of [openingNote(null, false), PERSUASION_NOTE, returnSchoolNote(school, '已复学')])
      expect(caseEventNote(note, 'zh')).toBe(note);
  });
});
