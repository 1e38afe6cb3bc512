import { describe, expect, it } from 'vitest';
import { parseWechatBill } from './wechat-bill';

const header =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';

/** A detail row as WeChat writes it: every field after a backtick, the last one empty. */
const row = (fields: string[]) => fields.map((f) => '`' + f).join(',');

const payment = (
  time: string,
  wxNo: string,
  outTradeNo: string,
  state: string,
  amount: string,
  name = '成人票',
) =>
  row([
    time,
    'wx8888888888888888',
    '1900000109',
    '0',
    '',
    wxNo,
    outTradeNo,
    'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    'NATIVE',
    state,
    'OTHERS',
    'CNY',
    amount,
    '0.00',
    '0',
    '0',
    '0.00',
    '0.00',
    '',
    '',
    name,
    '',
    '0.77',
    '0.60%',
    amount,
    '0.00',
    '',
  ]);

const refund = (
  time: string,
  wxNo: string,
  outTradeNo: string,
  refundNo: string,
  outRefundNo: string,
  amount: string,
  status: string,
) =>
  row([
    time,
    'wx8888888888888888',
    '1900000109',
    '0',
    '',
    wxNo,
    outTradeNo,
    'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    'NATIVE',
    'REFUND',
    'OTHERS',
    'CNY',
    '0.00',
    '0.00',
    refundNo,
    outRefundNo,
    amount,
    '0.00',
    'ORIGINAL',
    status,
    '成人票',
    '',
    '-0.77',
    '0.60%',
    '0.00',
    amount,
    '',
  ]);

const bill = [
  header,
  payment(
    '2026-12-04 09:58:30',
    '4200002601202612041111111111',
    '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
    'SUCCESS',
    '128.50',
  ),
  // A product name with a comma stays one field: fields are split on ",`".
  payment(
    '2026-12-04 10:05:00',
    '4200002601202612042222222222',
    '7c1d2e3f405162738495a6b7c8d9e0f1',
    'SUCCESS',
    '60.00',
    '成人票,儿童票',
  ),
  refund(
    '2026-12-04 15:40:00',
    '4200002601202612041111111111',
    '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
    '50300108562026120411111111111',
    '5b0c4e2a9d8f47e6b1c3a5d7e9f0a2b4',
    '128.50',
    'SUCCESS',
  ),
  refund(
    '2026-12-04 16:00:00',
    '4200002601202612042222222222',
    '7c1d2e3f405162738495a6b7c8d9e0f1',
    '50300108562026120422222222222',
    '9a8b7c6d5e4f40312233445566778899',
    '30.00',
    'PROCESSING',
  ),
  payment(
    '2026-12-04 17:00:00',
    '4200002601202612043333333333',
    'aa11bb22cc33dd44ee55ff6677889900',
    'REVOKED',
    '20.00',
  ),
  payment(
    '2026-12-04 25:00:00',
    '4200002601202612044444444444',
    'bb11bb22cc33dd44ee55ff6677889900',
    'SUCCESS',
    '20.00',
  ),
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`6,`228.50,`158.50,`0.00,`1.37000,`228.50,`158.50',
].join('\r\n');

describe('WeChat Pay trade bill', () => {
  it('reads payments and refunds from backtick fields, up to the summary', () => {
    const parsed = parseWechatBill(bill);
    expect(parsed.format).toBe('wechat_trade');
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual([
      {
        lineNumber: 2,
        kind: 'payment',
        providerReference: '4200002601202612041111111111',
        ourReference: '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
        paymentReference: '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
        amount: 12850,
        status: 'success',
        time: '2026-12-04T01:58:30.000Z',
      },
      expect.objectContaining({ lineNumber: 3, kind: 'payment', amount: 6000, status: 'success' }),
      {
        lineNumber: 4,
        kind: 'refund',
        providerReference: '50300108562026120411111111111',
        ourReference: '5b0c4e2a9d8f47e6b1c3a5d7e9f0a2b4',
        paymentReference: '0e8a5f0c9b7d4c3e8f1a2b3c4d5e6f70',
        amount: 12850,
        status: 'success',
        time: '2026-12-04T07:40:00.000Z',
      },
      expect.objectContaining({ lineNumber: 5, kind: 'refund', amount: 3000, status: 'pending' }),
      expect.objectContaining({ lineNumber: 6, kind: 'payment', amount: 2000, status: 'closed' }),
    ]);
  });

  it('reports a malformed line with its line number and keeps going', () => {
    expect(parseWechatBill(bill).errors).toEqual([
      { lineNumber: 7, code: 'time_invalid', column: '交易时间', value: '2026-12-04 25:00:00' },
    ]);
  });

  it('checks the detail lines against the summary’s count', () => {
    const rows = bill.split('\r\n');
    const cut = [...rows.slice(0, 3), ...rows.slice(4)].join('\n');
    expect(parseWechatBill(cut).problems).toEqual([{ code: 'count_mismatch', declared: 6, found: 5 }]);
  });

  it('reads the old format, which has 总金额 and no 订单金额', () => {
    const old = [
      '交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,总金额,企业红包金额,微信退款单号,商户退款单号,退款金额,企业红包退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率',
      '`2018-05-07 10:45:37,`wx1024cb31dfbae7cc,`1488511392,`0,`,`4200000113201805074559498485,`152566112349603496538,`oOmPo0,`NATIVE,`SUCCESS,`CFT,`CNY,`0.02,`0.00,`0,`0,`0.00,`0.00,`,`,`扫码充值,`3496--32,`0.00000,`0.60%',
      '`2018-05-07 10:54:45,`wx1024cb31dfbae7cc,`1488511392,`0,`,`4200000113201805074559498485,`152566112349603496538,`oOmPo0,`NATIVE,`REFUND,`CFT,`CNY,`0.00,`0.00,`50000506642018050704485755976,`484316432018050745594984851525661661,`0.02,`0.00,`ORIGINAL,`SUCCESS,`扫码充值,`3496--32,`0.00000,`0.60%',
    ].join('\n');
    const parsed = parseWechatBill(old);
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines.map((l) => [l.kind, l.amount, l.ourReference])).toEqual([
      ['payment', 2, '152566112349603496538'],
      ['refund', 2, '484316432018050745594984851525661661'],
    ]);
  });

  it('refuses a file without the header, and a row with an unknown state', () => {
    expect(parseWechatBill('`2026-12-04 09:58:30,`x\n').problems).toEqual([{ code: 'header_missing' }]);
    const unknown = [header, payment('2026-12-04 09:58:30', '42001', 'o1', 'FROZEN', '1.00')].join('\n');
    expect(parseWechatBill(unknown).errors).toEqual([
      { lineNumber: 2, code: 'status_unknown', column: '交易状态', value: 'FROZEN' },
    ]);
  });
});
