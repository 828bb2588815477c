import { describe, expect, it } from 'vitest';
import { paymentPlace } from './index.ts';

describe('资金监管 export: 区县 and 乡镇 are where the money was paid, a valid pair', () => {
  const mingxi = { code: '350421', name: '明溪县' };
  it('takes both from the paying school', () => {
    expect(paymentPlace(mingxi, { code: '350421100', name: '雪峰镇' })).toEqual({
      county: '明溪县',
      township: '雪峰镇',
    });
  });
  it('never pairs a county with another county’s township', () => {
    // 青水畲族乡 is 永安市's (350481): not written beside 明溪县.
    expect(paymentPlace(mingxi, { code: '350481203', name: '青水畲族乡' })).toEqual({
      county: '明溪县',
      township: '',
    });
    expect(paymentPlace(mingxi, null)).toEqual({ county: '明溪县', township: '' });
    expect(paymentPlace(null, { code: '350421100', name: '雪峰镇' })).toEqual({ county: '', township: '' });
  });
});
