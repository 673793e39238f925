import * as assert from 'node:assert/strict';
import { shiftDecimal, toDecimal } from '../../src/base/core/decimal';

describe('exact decimals', () => {
  it('reads prices as gateways send them, strings or numbers, into canonical strings', () => {
    const cases: Array<[unknown, string | undefined]> = [
      ['0.000003', '0.000003'],
      ['0.00000015', '0.00000015'],
      ['0', '0'],
      ['3', '3'],
      ['003.500', '3.5'],
      ['.5', '0.5'],
      [0.15, '0.15'],
      [1e-7, '0.0000001'],
      ['2.5E-6', '0.0000025'],
      [1470, '1470'],
      ['-1', undefined],
      [-0.5, undefined],
      ['', undefined],
      ['abc', undefined],
      ['1.2.3', undefined],
      [Number.NaN, undefined],
      [null, undefined],
      [undefined, undefined],
    ];
    for (const [input, expected] of cases) assert.equal(toDecimal(input), expected, String(input));
  });

  it('turns a per-token price into a per-million price without losing a digit', () => {
    assert.equal(shiftDecimal('0.000003', 6), '3');
    assert.equal(shiftDecimal('0.00000015', 6), '0.15');
    assert.equal(shiftDecimal('0.0000001234567', 6), '0.1234567');
    assert.equal(shiftDecimal('0', 6), '0');
    assert.equal(shiftDecimal('12.5', 6), '12500000');
    assert.equal(shiftDecimal('3', -6), '0.000003');
    // Where floating point goes wrong: this product is 0.12345669999999999.
    assert.notEqual(Number('0.0000001234567') * 1e6, 0.1234567);
  });

  // Each of these took from seconds to over ten minutes (past the suite's timeout) when parsing
  // expanded the exponent and trimmed zeros with a backtracking expression.
  it('refuses a hostile price, too long or too far off, without expanding it', () => {
    for (const hostile of ['1e-80000', '1e-50000000', `0.${'0'.repeat(200_000)}1`, `${' '.repeat(200_000)}1x`, `1${'0'.repeat(100_000)}`, `${'9'.repeat(65)}`]) {
      assert.equal(toDecimal(hostile), undefined, hostile.slice(0, 20));
    }
    assert.equal(toDecimal('  2.5e-7  '), '0.00000025', 'spaces around a price are fine');
    assert.equal(toDecimal('1e30'), '1' + '0'.repeat(30));
    assert.equal(toDecimal('1e-31'), undefined);
  });
});
