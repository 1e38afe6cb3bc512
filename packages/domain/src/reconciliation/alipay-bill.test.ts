import { describe, expect, it } from 'vitest';
import { parseAlipayBill } from './alipay-bill';

const tradeHeader =
  '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';

/** A trade row as Alipay writes it: numbers padded with a tab, empty store and operator columns. */
function tradeRow(
  tradeNo: string,
  outTradeNo: string,
  type: string,
  amount: string,
  done: string,
  request = '',
) {
  return [
    `${tradeNo}\t`,
    `${outTradeNo}\t`,
    type,
    '成人票 x2',
    done,
    done,
    '',
    '',
    '',
    '',
    '张**(138****1234)',
    amount,
    amount,
    '0.00',
    '0.00',
    '0.00',
    '0.00',
    '0.00',
    '',
    '0.00',
    '0.00',
    request ? `${request}\t` : '',
    '-0.60',
    '0.00',
    '',
  ].join(',');
}

const tradeBill = [
  '#支付宝业务明细查询',
  '#账号：[20885012345678900156]',
  '#起始日期：[2026年12月04日 00:00:00]   终止日期：[2026年12月05日 00:00:00]',
  '#-----------------------------------------业务明细列表----------------------------------------',
  tradeHeader,
  tradeRow(
    '2026120422001400011111111111',
    '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
    '交易',
    '257.00',
    '2026-12-04 09:58:30',
  ),
  tradeRow(
    '2026120422001400012222222222',
    '7c1d2e3f405162738495a6b7c8d9e0f1',
    '交易',
    '128.50',
    '2026-12-04 10:12:05',
  ),
  tradeRow(
    '2026120422001400011111111111',
    '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
    '退款',
    '-128.50',
    '2026-12-04 15:40:00',
    '5b0c4e2a9d8f47e6b1c3a5d7e9f0a2b4',
  ),
  tradeRow(
    '2026120422001400013333333333',
    'aa11bb22cc33dd44ee55ff6677889900',
    '交易',
    '12.345',
    '2026-12-04 16:00:00',
  ),
  '#-----------------------------------------业务明细列表结束------------------------------------',
  '#交易合计：3笔，商家实收共：397.845元，商家优惠共：0.00元',
  '#退款合计：1笔，商家实收退款共：-128.50元，商家优惠退款共：0.00元',
  '#导出时间：[2026年12月05日 10:20:31]',
].join('\r\n');

describe('Alipay trade bill (业务明细)', () => {
  it('reads payments and refunds past the # header, the tab padding and the footer', () => {
    const parsed = parseAlipayBill(tradeBill);
    expect(parsed.format).toBe('alipay_trade');
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual([
      {
        lineNumber: 6,
        kind: 'payment',
        providerReference: '2026120422001400011111111111',
        ourReference: '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
        paymentReference: '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
        amount: 25700,
        status: 'success',
        time: '2026-12-04T01:58:30.000Z',
      },
      expect.objectContaining({ lineNumber: 7, kind: 'payment', amount: 12850 }),
      {
        lineNumber: 8,
        kind: 'refund',
        providerReference: '2026120422001400011111111111',
        // A refund is ours by its request number (out_request_no); its payment by out_trade_no.
        ourReference: '5b0c4e2a9d8f47e6b1c3a5d7e9f0a2b4',
        paymentReference: '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
        amount: 12850,
        status: 'success',
        time: '2026-12-04T07:40:00.000Z',
      },
    ]);
  });

  it('reads the span the bill says it covers, in Beijing time, the end excluded', () => {
    expect(parseAlipayBill(tradeBill).declaredPeriod).toEqual({
      from: '2026-12-03T16:00:00.000Z',
      to: '2026-12-04T16:00:00.000Z',
    });
    expect(parseAlipayBill(tradeBill.replace('#起始日期', '#备注')).declaredPeriod).toBeUndefined();
  });

  it('reports a malformed line with its line number and keeps going', () => {
    const parsed = parseAlipayBill(tradeBill);
    expect(parsed.errors).toEqual([
      { lineNumber: 9, code: 'amount_invalid', column: '订单金额(元)', value: '12.345' },
    ]);
    expect(parsed.lines).toHaveLength(3);
  });

  it('notices a cut file: the footer counts more lines than it holds', () => {
    const rows = tradeBill.split('\r\n');
    const cut = [...rows.slice(0, 7), ...rows.slice(8)].join('\n');
    expect(parseAlipayBill(cut).problems).toEqual([{ code: 'count_mismatch', declared: 4, found: 3 }]);
  });

  it('reports a line whose columns shifted, and an unknown business type', () => {
    const shifted = tradeRow(
      '2026120422001400014444444444',
      'x1',
      '交易',
      '1.00',
      '2026-12-04 11:00:00',
    ).replace('成人票 x2', '成人票,儿童票');
    const parsed = parseAlipayBill(
      [
        tradeHeader,
        shifted,
        tradeRow('2026120422001400015555555555', 'x2', '冻结', '1.00', '2026-12-04 11:00:00'),
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([
      { lineNumber: 2, code: 'column_count', column: null, value: '26' },
      { lineNumber: 3, code: 'kind_unknown', column: '业务类型', value: '冻结' },
    ]);
  });

  it('says so when the file is not a detail bill (the summary file, another export)', () => {
    expect(parseAlipayBill('#支付宝业务汇总查询\n门店编号,门店名称,交易订单总笔数\n,,3\n').problems).toEqual([
      { code: 'header_missing' },
    ]);
    expect(parseAlipayBill('支付宝交易号,商户订单号,业务类型\n').problems).toEqual([
      { code: 'column_missing', column: '订单金额(元)' },
      { code: 'column_missing', column: '完成时间' },
    ]);
  });
});

const accountBill = [
  '#支付宝账务明细查询',
  '#账号：[20885012345678900156]',
  '#起始日期：[2026年12月04日 00:00:00]   终止日期：[2026年12月05日 00:00:00]',
  '#-----------------------------------------账务明细列表----------------------------------------',
  '账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注',
  '20261204001\t,2026120422001400011111111111\t,0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70\t,成人票 x2\t,2026-12-04 09:58:30,张** (138****1234)\t,257.00,0.00,10257.00,支付宝,在线支付,',
  '20261204002\t,2026120422001400011111111111\t,0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70\t,服务费\t,2026-12-04 09:58:30,\t,0.00,-1.54,10255.46,支付宝,收费,',
  '20261204003\t,2026120422001400011111111111\t,0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70\t,退款\t,2026-12-04 15:40:00,张** (138****1234)\t,0.00,-128.50,10126.96,支付宝,交易退款,',
  '#----------------------------------------账务明细列表结束-------------------------------------',
  '#支出合计：2笔，共-130.04元',
  '#收入合计：1笔，共257.00元',
  '#导出时间：[2026年12月05日 10:21:02]',
].join('\n');

describe('Alipay account bill (账务明细)', () => {
  it('reads payments and refunds, and sets the fee lines aside', () => {
    const parsed = parseAlipayBill(accountBill);
    expect(parsed.format).toBe('alipay_account');
    expect(parsed.problems).toEqual([]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.ignored).toEqual([{ lineNumber: 7, reason: 'not_payment_or_refund', value: '收费' }]);
    expect(
      parsed.lines.map((l) => [l.lineNumber, l.kind, l.amount, l.ourReference, l.providerReference]),
    ).toEqual([
      [6, 'payment', 25700, '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70', '2026120422001400011111111111'],
      // The account bill names a refund by its payment only: it is matched by the trade number.
      [8, 'refund', 12850, null, '2026120422001400011111111111'],
    ]);
  });
});
