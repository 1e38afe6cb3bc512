// A statement for the payment simulator, which (unlike Alipay and WeChat Pay) has no bill to download:
// the simulator's payments and refunds at a site that succeeded in a period, written as Alipay's trade
// detail bill (业务明细, GBK like Alipay's) — or zipped with a summary, as Alipay's download comes. A
// test, a demonstration or a training session imports it to watch reconciliation match everything,
// and edits a line or two first to watch it find the differences. Only the simulator's records.
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  AppError,
  formatYuan,
  reconciliationPeriodProblem,
  statementWindow,
  writeAlipayTradeBill,
  type AlipayBillRow,
  type StatementPeriod,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import type { ServiceContext } from '../context';

export const simulatorProviderName = 'simulator';

export type StatementDownload = {
  fileName: string;
  contentType: string;
  body: Buffer;
};

export async function simulatorStatement(
  ctx: ServiceContext,
  siteId: string,
  period: StatementPeriod,
  format: 'csv' | 'zip' = 'csv',
): Promise<StatementDownload> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  const problem = reconciliationPeriodProblem(period);
  if (problem)
    throw new AppError('reconciliation_period_invalid', { details: { reason: problem, ...period } });
  const [site] = await rows<{ time_zone: string; name_zh: string }>(
    ctx.db,
    sql`select time_zone, name_zh from sites where id = ${siteId}`,
  );
  if (!site) throw new AppError('site_not_found');
  const window = statementWindow(period, site.time_zone);
  const found = await rows<{
    kind: 'payment' | 'refund';
    trade_no: string;
    out_trade_no: string;
    refund_request_no: string | null;
    order_number: string;
    amount: number | string;
    created_at: Date | string;
    completed_at: Date | string;
  }>(
    ctx.db,
    sql`select 'payment' as kind, p.reference as trade_no, p.provider_order_id as out_trade_no,
               null as refund_request_no, o.number as order_number, p.amount, p.created_at,
               coalesce(p.completed_at, p.created_at) as completed_at
        from payments p join orders o on o.id = p.order_id
        where p.site_id = ${siteId} and p.provider = ${simulatorProviderName} and p.status = 'succeeded'
          and p.reference is not null and p.provider_order_id is not null
          and coalesce(p.completed_at, p.created_at) >= ${window.start}
          and coalesce(p.completed_at, p.created_at) < ${window.end}
        union all
        select 'refund' as kind, p.reference, p.provider_order_id, replace(r.id::text, '-', ''), o.number,
               r.amount, r.created_at, coalesce(r.completed_at, r.created_at)
        from refunds r join payments p on p.id = r.payment_id join orders o on o.id = r.order_id
        where r.site_id = ${siteId} and r.provider = ${simulatorProviderName} and r.status = 'succeeded'
          and p.reference is not null and p.provider_order_id is not null
          and coalesce(r.completed_at, r.created_at) >= ${window.start}
          and coalesce(r.completed_at, r.created_at) < ${window.end}`,
  );
  const billRows: AlipayBillRow[] = found.map((r) => ({
    kind: r.kind,
    tradeNo: r.trade_no,
    outTradeNo: r.out_trade_no,
    refundRequestNo: r.refund_request_no,
    subject: `${site.name_zh} ${r.order_number}`,
    createdAt: new Date(r.created_at).toISOString(),
    completedAt: new Date(r.completed_at).toISOString(),
    amount: Number(r.amount),
  }));
  const text = writeAlipayTradeBill({
    account: simulatorProviderName,
    from: window.start.toISOString(),
    to: window.end.toISOString(),
    exportedAt: ctx.clock.now().toISOString(),
    rows: billRows,
  });
  const days = `${period.from.replaceAll('-', '')}_${period.to.replaceAll('-', '')}`;
  const detailName = `${simulatorProviderName}_${days}_业务明细.csv`;
  const detail = iconv.encode(text, 'gbk');
  if (format === 'csv') return { fileName: detailName, contentType: 'text/csv; charset=gbk', body: detail };

  const sum = (kind: 'payment' | 'refund') =>
    billRows.filter((r) => r.kind === kind).reduce((total, r) => total + r.amount, 0);
  const count = (kind: 'payment' | 'refund') => billRows.filter((r) => r.kind === kind).length;
  const summary = [
    '#支付宝业务汇总查询',
    `#账号：[${simulatorProviderName}]`,
    '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,退款金额（元）',
    `,,${count('payment')},${count('refund')},${formatYuan(sum('payment'))},${formatYuan(
      sum('payment') - sum('refund'),
    )},${formatYuan(-sum('refund'))}`,
    '#-----------------------------------------业务汇总列表结束------------------------------------',
  ].join('\r\n');
  const zip = zipSync({
    [detailName]: detail,
    [`${simulatorProviderName}_${days}_业务明细(汇总).csv`]: iconv.encode(summary, 'gbk'),
  });
  return {
    fileName: `${simulatorProviderName}_${days}.csv.zip`,
    contentType: 'application/zip',
    body: Buffer.from(zip),
  };
}
