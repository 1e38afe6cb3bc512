// Issue 11's done-when: a statement holding one line of every discrepancy kind (plus matched lines),
// built from real payments and refunds made through the services — at the counter with payment codes,
// through the site's Alipay and WeChat Pay accounts (the real adapters against the providers' local
// fakes) and through the payment simulator — each classified right after import: Alipay's bill as it
// is downloaded (GBK, zipped, GBK file names), WeChat Pay's trade bill, and a CSV through a mapping.
// Then what an import refuses (and leaves nothing of) and what it keeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { isAppError, type AppError } from '@admit/domain';
import {
  fixedClock,
  importStatement,
  refundTickets,
  listReconciliationItems,
  saveStatementMapping,
  systemContext,
  type ReconciliationItemRecord,
  type StatementImportInput,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { saleNow } from '../sales/fixture';
import {
  alipayBill,
  alipayRows,
  alipayZip,
  createTwoSites,
  paymentCode,
  refundOne,
  sellWithCode,
  startProviders,
  storedPayment,
  wechatBill,
  type Providers,
} from './fixture';

describe('reconciling a statement of every discrepancy kind with real payments and refunds', () => {
  let database: TestDatabase;
  let providers: Providers;
  let sites: Awaited<ReturnType<typeof createTwoSites>>;
  const clock = fixedClock(saleNow);
  const ctx = () => systemContext(database.db, 'finance', { clock });
  /** Times on the statements: minutes after the sales, on the fixture's day in Shanghai. */
  const at = (minutes: number) => new Date(saleNow.getTime() + minutes * 60_000).toISOString();

  beforeAll(async () => {
    database = await testDatabase();
    sites = await createTwoSites(database.db, clock);
    providers = await startProviders(database.db, clock, sites.accounts.siteId);
  });
  afterAll(async () => {
    await providers?.close();
    await database?.dispose();
  });

  const importing = (input: Partial<StatementImportInput> & { content: Buffer }) =>
    importStatement(ctx(), {
      siteId: sites.accounts.siteId,
      format: 'auto',
      provider: null,
      mappingId: null,
      mapping: null,
      periodFrom: null,
      periodTo: null,
      fileName: 'statement.csv',
      force: false,
      ...input,
    });

  async function items(siteId: string, runId: string): Promise<ReconciliationItemRecord[]> {
    return (await listReconciliationItems(ctx(), siteId, runId, { limit: 500 })).items;
  }
  const only = (all: ReconciliationItemRecord[], outcome: string) => {
    const found = all.filter((i) => i.outcome === outcome);
    expect(found, outcome).toHaveLength(1);
    return found[0]!;
  };

  /**
   * At the counter, through one wallet: a sale partly refunded (both will match), a sale whose amount
   * the statement disagrees with, a sale still waiting for the customer's password on our side that the
   * provider completed, and a sale the statement leaves out.
   */
  async function sales(wallet: 'alipay' | 'wechat') {
    const { runtime } = providers;
    const f = sites.accounts;
    const matched = await sellWithCode(ctx(), runtime, f, paymentCode(wallet), 2);
    const refund = await refundOne(ctx(), runtime, f, matched);
    const amountOff = await sellWithCode(ctx(), runtime, f, paymentCode(wallet), 1);
    const waiting = await sellWithCode(ctx(), runtime, f, paymentCode(wallet, '02'), 1);
    const leftOut = await sellWithCode(ctx(), runtime, f, paymentCode(wallet), 1);
    // What the statement will be compared with, as stored.
    for (const sale of [matched, amountOff, leftOut]) expect(sale.status).toBe('succeeded');
    expect(refund.status).toBe('succeeded');
    expect((await storedPayment(database.db, waiting.paymentId)).status).toBe('pending');
    expect((await storedPayment(database.db, matched.paymentId)).provider).toBe(wallet);
    return { matched, refund, amountOff, waiting, leftOut };
  }

  const everyKind = {
    matched: 2,
    amount_mismatch: 1,
    status_mismatch: 1,
    missing_ours: 1,
    missing_provider: 1,
    duplicate: 1,
  };

  it('classifies every line of Alipay’s bill as downloaded: GBK, zipped with its summary, GBK names', async () => {
    const s = await sales('alipay');
    const { alipay } = providers;
    // The customer finished entering the password: Alipay has the money; we never heard.
    alipay.pay(s.waiting.providerOrderId);
    const stranger = {
      kind: 'payment' as const,
      tradeNo: '2026120122001400019999999999',
      outTradeNo: 'another-system-0001',
      refundRequestNo: null,
      subject: '停车费',
      createdAt: at(30),
      completedAt: at(30),
      amount: 1000,
    };
    const [first] = alipayRows(alipay, s.matched.providerOrderId, at(1), { refunds: false });
    const bill = alipayBill([
      ...alipayRows(alipay, s.matched.providerOrderId, at(1)),
      ...alipayRows(alipay, s.amountOff.providerOrderId, at(2), { amount: 12000 }),
      ...alipayRows(alipay, s.waiting.providerOrderId, at(3)),
      stranger,
      // The same trade listed twice.
      { ...first!, completedAt: at(40) },
    ]);
    const zip = alipayZip(bill);
    expect(zip.includes(Buffer.from('业务明细'))).toBe(false);

    const { run, duplicateOf } = await importing({
      content: zip,
      fileName: '20885012345678900156_20261201.zip',
    });
    expect(duplicateOf).toBeNull();
    expect(run).toMatchObject({
      provider: 'alipay',
      format: 'alipay_trade',
      // The bill's own 起始日期/终止日期: the fixture's day in Shanghai.
      periodFrom: '2026-12-01',
      periodTo: '2026-12-01',
      lineCount: 6,
      counts: everyKind,
      openCount: 5,
      parseErrors: [],
    });

    const all = await items(sites.accounts.siteId, run.id);
    expect(all).toHaveLength(7);
    const matched = all.filter((i) => i.outcome === 'matched');
    expect(matched.map((i) => [i.kind, i.ourId]).sort()).toEqual(
      [
        ['payment', s.matched.paymentId],
        ['refund', s.refund.id],
      ].sort(),
    );
    const payment = matched.find((i) => i.kind === 'payment')!;
    expect(payment.statementLine).toMatchObject({
      file: '20885012345678900156_20261201_业务明细.csv',
      ourReference: s.matched.providerOrderId,
      matchedBy: 'our_reference',
    });
    expect(matched.find((i) => i.kind === 'refund')!.statementLine?.ourReference).toBe(s.refund.ourReference);
    expect(only(all, 'amount_mismatch')).toMatchObject({
      ourId: s.amountOff.paymentId,
      statementAmount: 12000,
      ourAmount: 13000,
      amountDifference: -1000,
      needsResolution: true,
    });
    expect(only(all, 'status_mismatch')).toMatchObject({
      ourId: s.waiting.paymentId,
      ourStatus: 'pending',
      statementLine: { status: 'success' },
    });
    expect(only(all, 'missing_ours')).toMatchObject({
      ourId: null,
      reference: stranger.tradeNo,
      statementAmount: 1000,
    });
    expect(only(all, 'missing_provider')).toMatchObject({
      ourId: s.leftOut.paymentId,
      statementLine: null,
      ourAmount: 13000,
      reference: (await storedPayment(database.db, s.leftOut.paymentId)).reference,
    });
    expect(only(all, 'duplicate').statementLine?.duplicateOf).toBe(payment.statementLine?.lineNumber);
    // Everything that disagrees waits for finance; nothing that agrees does.
    expect(all.filter((i) => i.needsResolution)).toHaveLength(5);
    expect(matched.every((i) => !i.needsResolution && i.orderNumber !== null)).toBe(true);
  });

  it('classifies every line of WeChat Pay’s trade bill', async () => {
    const s = await sales('wechat');
    const { wechat } = providers;
    wechat.pay(s.waiting.providerOrderId);
    const order = (outTradeNo: string) => wechat.orders.get(outTradeNo)!;
    const refund = wechat.refunds.get(s.refund.ourReference)!;
    const paymentRow = (outTradeNo: string, time: string, amount = order(outTradeNo).amount) => ({
      kind: 'payment' as const,
      time,
      transactionId: order(outTradeNo).transactionId!,
      outTradeNo,
      state: 'SUCCESS',
      amount,
    });
    const bill = wechatBill([
      paymentRow(s.matched.providerOrderId, at(1)),
      {
        kind: 'refund',
        time: at(5),
        transactionId: order(s.matched.providerOrderId).transactionId!,
        outTradeNo: s.matched.providerOrderId,
        refundId: refund.refundId,
        outRefundNo: refund.outRefundNo,
        amount: refund.refund,
        status: refund.status,
      },
      paymentRow(s.amountOff.providerOrderId, at(2), 13100),
      paymentRow(s.waiting.providerOrderId, at(3)),
      {
        kind: 'payment',
        time: at(30),
        transactionId: '4200002601202612019999999999',
        outTradeNo: 'another-system-0002',
        state: 'SUCCESS',
        amount: 500,
      },
      paymentRow(s.matched.providerOrderId, at(1)),
    ]);
    const { run } = await importing({
      content: Buffer.from(`\ufeff${bill}`, 'utf8'),
      fileName: 'All2026-12-01.csv',
    });
    expect(run).toMatchObject({
      provider: 'wechat',
      format: 'wechat_trade',
      // No declared span: the lines' days.
      periodFrom: '2026-12-01',
      periodTo: '2026-12-01',
      lineCount: 6,
      counts: everyKind,
      openCount: 5,
    });
    const all = await items(sites.accounts.siteId, run.id);
    expect(
      all
        .filter((i) => i.outcome === 'matched')
        .map((i) => i.ourId)
        .sort(),
    ).toEqual([s.matched.paymentId, s.refund.id].sort());
    expect(only(all, 'amount_mismatch')).toMatchObject({
      ourId: s.amountOff.paymentId,
      amountDifference: 100,
    });
    expect(only(all, 'status_mismatch')).toMatchObject({ ourId: s.waiting.paymentId, ourStatus: 'pending' });
    expect(only(all, 'missing_ours').reference).toBe('4200002601202612019999999999');
    expect(only(all, 'missing_provider').ourId).toBe(s.leftOut.paymentId);
    expect(only(all, 'duplicate').statementLine).toMatchObject({ lineNumber: 7, duplicateOf: 2 });
  });

  it('classifies every line of another provider’s CSV read through a saved column mapping', async () => {
    const { runtime, simulator } = providers;
    const f = sites.simulated;
    const matched = await sellWithCode(ctx(), runtime, f, paymentCode('alipay'), 2);
    const refund = await refundOne(ctx(), runtime, f, matched);
    const amountOff = await sellWithCode(ctx(), runtime, f, paymentCode('wechat'), 1);
    const reversed = await sellWithCode(ctx(), runtime, f, paymentCode('alipay'), 1);
    const leftOut = await sellWithCode(ctx(), runtime, f, paymentCode('wechat'), 1);
    expect(simulator.payment(matched.providerOrderId)?.status).toBe('success');
    const reference = async (paymentId: string) => (await storedPayment(database.db, paymentId)).reference!;
    const [refundRow] = await rows<{ provider_refund_id: string }>(
      database.db,
      sql`select provider_refund_id from refunds where id = ${refund.id}`,
    );

    const mapping = await saveStatementMapping(ctx(), f.siteId, null, {
      name: '聚合支付明细',
      mapping: {
        providerReference: '渠道流水号',
        ourReference: '商户单号',
        paymentReference: '原商户单号',
        amount: '金额（分）',
        amountUnit: 'fen',
        kind: { column: '类型', payment: ['消费'], refund: ['退货'] },
        status: { column: '状态', values: { success: ['已清算'], closed: ['已冲正'] } },
        time: '交易时间',
        headerLine: 2,
      },
    });
    const csv = [
      '某某聚合支付 交易明细 2026-12-01',
      '渠道流水号,商户单号,原商户单号,类型,金额(分),状态,交易时间,备注',
      `${await reference(matched.paymentId)},${matched.providerOrderId},,消费,26000,已清算,2026-12-01 10:01:00,`,
      `${refundRow!.provider_refund_id},${refund.ourReference},${matched.providerOrderId},退货,-13000,成功,2026-12-01 11:00:00,"部分退款,成人票"`,
      `${await reference(amountOff.paymentId)},${amountOff.providerOrderId},,消费,12999,已清算,2026-12-01 10:02:00,`,
      // The provider reversed (冲正) a payment we count as received.
      `${await reference(reversed.paymentId)},${reversed.providerOrderId},,消费,13000,已冲正,2026-12-01 10:03:00,`,
      'T-STRANGER-1,another-system-0003,,消费,800,已清算,2026-12-01 10:30:00,',
      `${await reference(matched.paymentId)},${matched.providerOrderId},,消费,26000,已清算,2026-12-01 10:01:00,`,
      // A line the mapping cannot read: a fen column with a decimal point.
      'T-BAD-1,another-system-0004,,消费,12.50,已清算,2026-12-01 10:40:00,',
    ].join('\r\n');
    const { run } = await importing({
      siteId: f.siteId,
      format: 'mapped',
      provider: 'simulator',
      mappingId: mapping.id,
      // As Excel on a Chinese Windows saves a CSV: GBK, no BOM.
      content: iconv.encode(csv, 'gbk'),
      fileName: '聚合支付明细.csv',
    });
    expect(run).toMatchObject({
      provider: 'simulator',
      format: 'mapped_csv',
      periodFrom: '2026-12-01',
      periodTo: '2026-12-01',
      lineCount: 6,
      counts: everyKind,
      parseErrors: [
        { file: null, lineNumber: 9, code: 'amount_invalid', column: '金额（分）', value: '12.50' },
      ],
    });
    const all = await items(f.siteId, run.id);
    expect(
      all
        .filter((i) => i.outcome === 'matched')
        .map((i) => i.ourId)
        .sort(),
    ).toEqual([matched.paymentId, refund.id].sort());
    expect(only(all, 'amount_mismatch')).toMatchObject({ ourId: amountOff.paymentId, amountDifference: -1 });
    expect(only(all, 'status_mismatch')).toMatchObject({
      ourId: reversed.paymentId,
      ourStatus: 'succeeded',
      statementLine: { status: 'closed' },
    });
    expect(only(all, 'missing_ours').reference).toBe('T-STRANGER-1');
    expect(only(all, 'missing_provider').ourId).toBe(leftOut.paymentId);
    expect(only(all, 'duplicate').statementLine).toMatchObject({ lineNumber: 8, duplicateOf: 3 });
  });

  it('takes today’s refund for a line of Alipay’s account bill, which names refunds by their trade only', async () => {
    const { runtime, alipay } = providers;
    const f = sites.accounts;
    // Sold and partly refunded the day before; refunded again today, the same amount.
    clock.set(new Date('2026-11-30T02:00:00Z'));
    let sale;
    let yesterday;
    try {
      sale = await sellWithCode(ctx(), runtime, f, paymentCode('alipay'), 3);
      yesterday = await refundOne(ctx(), runtime, f, sale);
    } finally {
      clock.set(saleNow);
    }
    const today = await refundTickets(ctx(), runtime, f.siteId, sale.orderId, {
      ticketIds: [sale.ticketIds[1]!],
      reason: 'rain',
      void: false,
      approval: null,
    });
    const tradeNo = alipay.trade(sale.providerOrderId)!.tradeNo;
    const bill = [
      '#支付宝账务明细查询',
      '#账号：[20885012345678900156]',
      '#起始日期：[2026年12月01日 00:00:00]   终止日期：[2026年12月02日 00:00:00]',
      '#-----------------------------------------账务明细列表----------------------------------------',
      '账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注',
      `20261201001\t,${tradeNo}\t,${sale.providerOrderId}\t,退款\t,2026-12-01 10:00:00,\t,0.00,-130.00,10000.00,支付宝,交易退款,`,
      `20261201002\t,${tradeNo}\t,${sale.providerOrderId}\t,服务费\t,2026-12-01 10:00:00,\t,0.78,0.00,10000.78,支付宝,收费,`,
      '#----------------------------------------账务明细列表结束-------------------------------------',
      '#支出合计：1笔，共-130.00元',
      '#收入合计：1笔，共0.78元',
    ].join('\r\n');
    const { run } = await importing({ content: iconv.encode(bill, 'gbk'), fileName: '账务明细.csv' });
    expect(run).toMatchObject({ format: 'alipay_account', lineCount: 1 });
    const all = await items(f.siteId, run.id);
    const refundLine = all.find((i) => i.statementLine?.lineNumber === 6)!;
    expect(refundLine).toMatchObject({
      outcome: 'matched',
      ourId: today.refunds[0]!.id,
      statementLine: { matchedBy: 'provider_reference' },
    });
    // Yesterday's refund was only a candidate: not expected today, so not missing today.
    expect(all.some((i) => i.ourId === yesterday.id)).toBe(false);
  });

  describe('what an import refuses, leaving nothing behind', () => {
    const counted = async () =>
      (
        await rows<{ runs: number; items: number; audits: number }>(
          database.db,
          sql`select (select count(*)::int from reconciliation_runs) as runs,
                     (select count(*)::int from reconciliation_items) as items,
                     (select count(*)::int from audit_log where action = 'finance.reconciliation.imported') as audits`,
        )
      )[0]!;
    async function refusal(promise: Promise<unknown>): Promise<AppError> {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
      return error;
    }
    const payment = (tradeNo: string, outTradeNo: string) => ({
      kind: 'payment' as const,
      tradeNo,
      outTradeNo,
      refundRequestNo: null,
      subject: '门票',
      createdAt: at(1),
      completedAt: at(1),
      amount: 100,
    });

    it('refuses the same file again with its first run, and imports it when told to', async () => {
      const content = iconv.encode(alipayBill([payment('T-AGAIN', 'o-again')]), 'gbk');
      const first = await importing({ content });
      const before = await counted();
      const again = await refusal(importing({ content, fileName: 'renamed.csv' }));
      expect(again.code).toBe('reconciliation_already_imported');
      expect(again.details).toMatchObject({ runId: first.run.id });
      expect(await counted()).toEqual(before);
      const forced = await importing({ content, force: true });
      expect(forced.duplicateOf).toBe(first.run.id);
      expect(forced.run.id).not.toBe(first.run.id);
      expect(forced.run.fileSha256).toBe(first.run.fileSha256);
      const [audit] = await rows<{ details: Record<string, unknown> }>(
        database.db,
        sql`select details from audit_log where action = 'finance.reconciliation.imported' and target_id = ${forced.run.id}`,
      );
      expect(audit!.details).toMatchObject({ provider: 'alipay', forced: true, duplicateOf: first.run.id });
    });

    it('refuses a cut file, a zip without a detail file, an unknown format and impossible periods', async () => {
      const before = await counted();
      const bill = alipayBill([payment('T-CUT-1', 'o-cut-1'), payment('T-CUT-2', 'o-cut-2')]);
      const cut = bill
        .split('\r\n')
        .filter((l) => !l.startsWith('T-CUT-2'))
        .join('\r\n');
      const cutError = await refusal(importing({ content: iconv.encode(cut, 'gbk') }));
      expect(cutError.code).toBe('reconciliation_statement_invalid');
      expect(cutError.details).toEqual({
        problems: [{ file: null, code: 'count_mismatch', declared: 2, found: 1 }],
      });
      const summaryOnly = await refusal(
        importing({
          content: Buffer.from((await import('fflate')).zipSync({ '汇总.csv': new Uint8Array(3) })),
        }),
      );
      expect(summaryOnly.code).toBe('reconciliation_file_unreadable');
      expect((await refusal(importing({ content: Buffer.from('a,b\n1,2\n') }))).code).toBe(
        'reconciliation_format_unknown',
      );
      expect((await refusal(importing({ content: Buffer.from('a,b\n1,2\n'), format: 'wechat' }))).code).toBe(
        'reconciliation_statement_invalid',
      );
      const mapped = {
        providerReference: null,
        ourReference: 'ref',
        amount: 'amount',
        amountUnit: 'yuan' as const,
        kind: null,
        status: null,
        time: null,
      };
      expect(
        (
          await refusal(
            importing({ content: Buffer.from('ref,amount\np1,1.00\n'), format: 'mapped', mapping: mapped }),
          )
        ).code,
      ).toBe('reconciliation_provider_required');
      // No times in the file and no days given.
      expect(
        (
          await refusal(
            importing({
              content: Buffer.from('ref,amount\np1,1.00\n'),
              format: 'mapped',
              mapping: mapped,
              provider: 'simulator',
            }),
          )
        ).code,
      ).toBe('reconciliation_period_unknown');
      const tooLong = await refusal(
        importing({
          content: Buffer.from('ref,amount\np1,1.00\n'),
          format: 'mapped',
          mapping: mapped,
          provider: 'simulator',
          // 32 days: a month at most.
          periodFrom: '2026-11-01',
          periodTo: '2026-12-02',
        }),
      );
      expect(tooLong.code).toBe('reconciliation_period_invalid');
      expect(
        (await refusal(importing({ content: Buffer.from(alipayBill([])), periodFrom: '2026-12-01' }))).code,
      ).toBe('reconciliation_period_invalid');
      expect((await refusal(importing({ content: Buffer.alloc(8 * 1024 * 1024 + 1, 0x41) }))).code).toBe(
        'reconciliation_file_too_large',
      );
      expect(
        (
          await refusal(
            importing({
              content: Buffer.from('x'),
              format: 'mapped',
              mapping: { ...mapped, ourReference: null },
            }),
          )
        ).code,
      ).toBe('reconciliation_mapping_invalid');
      expect(await counted()).toEqual(before);
    });

    it('names the days given instead of the file’s, and matches what succeeded on those days', async () => {
      // An empty statement: every payment and refund of ours that succeeded at Alipay on its days is
      // missing at the provider, and nothing else.
      const succeededOn = async (day: string) =>
        (
          await rows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from (
                  select coalesce(completed_at, created_at) as at from payments
                  where site_id = ${sites.accounts.siteId} and provider = 'alipay' and status = 'succeeded'
                  union all
                  select coalesce(completed_at, created_at) from refunds
                  where site_id = ${sites.accounts.siteId} and provider = 'alipay' and status = 'succeeded') x
                where (x.at at time zone 'Asia/Shanghai')::date = ${day}::date`,
          )
        )[0]!.n;
      const empty = iconv.encode(alipayBill([]), 'gbk');
      const { run } = await importing({ content: empty });
      expect(run.periodFrom).toBe('2026-12-01');
      expect(run.counts.missing_provider).toBe(await succeededOn('2026-12-01'));
      expect(run.counts.missing_provider).toBeGreaterThan(0);
      const dayBefore = await importing({
        content: empty,
        force: true,
        periodFrom: '2026-11-30',
        periodTo: '2026-11-30',
      });
      expect(dayBefore.run).toMatchObject({ periodFrom: '2026-11-30', periodTo: '2026-11-30', lineCount: 0 });
      // The sale and the refund of the day before (the account bill's test).
      expect(dayBefore.run.counts.missing_provider).toBe(await succeededOn('2026-11-30'));
      expect(dayBefore.run.counts.missing_provider).toBe(2);
    });
  });
});
