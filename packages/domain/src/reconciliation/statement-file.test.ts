import { describe, expect, it } from 'vitest';
import { detectStatementFormat, statementZipEntries } from './statement-file';

describe('telling a statement file’s format', () => {
  it('knows Alipay by its title line or its header, WeChat Pay by its header', () => {
    expect(detectStatementFormat('#支付宝业务明细查询\n#账号：[2088]\n')).toBe('alipay');
    expect(detectStatementFormat('\ufeff支付宝交易号,商户订单号,业务类型\n')).toBe('alipay');
    expect(detectStatementFormat('账务流水号,业务流水号,商户订单号,商品名称\n')).toBe('alipay');
    expect(
      detectStatementFormat('交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识\n'),
    ).toBe('wechat');
    expect(detectStatementFormat('\n\n`交易时间,`微信订单号,`商户订单号\n')).toBe('wechat');
  });

  it('knows neither in another CSV, or a file of nothing', () => {
    expect(detectStatementFormat('Channel Trade No,商户单号,金额\nT1,p1,1.00\n')).toBeNull();
    expect(detectStatementFormat('')).toBeNull();
    expect(detectStatementFormat('"a,b\n')).toBeNull();
  });
});

describe('the files read from a statement zip', () => {
  it('reads the detail CSVs and leaves the summary, folders and other files', () => {
    expect(
      statementZipEntries([
        '20885012345678900156_20261204_业务明细(汇总).csv',
        '20885012345678900156_20261204_业务明细.csv',
        'bills/',
        'bills/20885012345678900156_20261204_业务明细_门店2.CSV',
        '__MACOSX/._x.csv',
        'readme.txt',
      ]),
    ).toEqual([
      '20885012345678900156_20261204_业务明细.csv',
      'bills/20885012345678900156_20261204_业务明细_门店2.CSV',
    ]);
  });
});
