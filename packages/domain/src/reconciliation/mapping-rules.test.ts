import { describe, expect, it } from 'vitest';
import { statementMappingProblem, type SavedStatementMapping } from './mapping-rules';

const mapping: SavedStatementMapping = {
  providerReference: '渠道流水号',
  ourReference: '商户单号',
  amount: '金额',
  amountUnit: 'yuan',
  kind: { column: '类型', payment: ['消费'], refund: ['退货'] },
  status: null,
  time: '时间',
};

describe('a column mapping', () => {
  it('is usable with an amount, a reference and distinct kind words; the zone may be left to the site', () => {
    expect(statementMappingProblem(mapping)).toBeNull();
    expect(statementMappingProblem({ ...mapping, providerReference: null, kind: null })).toBeNull();
    expect(statementMappingProblem({ ...mapping, timeZone: 'Asia/Shanghai' })).toBeNull();
  });

  it('says what is missing or wrong', () => {
    expect(statementMappingProblem({ ...mapping, providerReference: null, ourReference: ' ' })).toBe(
      'reference_column_missing',
    );
    expect(statementMappingProblem({ ...mapping, amount: '' })).toBe('amount_column_missing');
    expect(
      statementMappingProblem({ ...mapping, kind: { column: '类型', payment: ['消费'], refund: [] } }),
    ).toBe('kind_words_missing');
    expect(
      statementMappingProblem({ ...mapping, kind: { column: '类型', payment: ['PAY'], refund: [' pay '] } }),
    ).toBe('kind_words_overlap');
    expect(statementMappingProblem({ ...mapping, status: { column: '' } })).toBe('status_column_missing');
    expect(statementMappingProblem({ ...mapping, timeZone: 'Mars/Olympus' })).toBe('time_zone_invalid');
  });
});
