import { describe, expect, it } from 'vitest';
import { roleLabelIn } from '../web/src/useRoleLabel.ts';

/**
 * The signed-in user's role label comes in both languages with the user (tester A13: after a reload
 * in the English UI the label showed in Chinese until the role list came back).
 */
describe('the role label of the signed-in user', () => {
  const user = { roleLabel: '县级管理员', roleLabelEn: 'County administrator' };

  it('is the English one in English and the Chinese one in Chinese, from the user alone', () => {
    expect(roleLabelIn('en', user)).toBe('County administrator');
    expect(roleLabelIn('zh', user)).toBe('县级管理员');
  });

  it('falls back to the Chinese label when an older server sends no English one', () => {
    expect(roleLabelIn('en', { roleLabel: '县级管理员', roleLabelEn: '' })).toBe('县级管理员');
  });
});
