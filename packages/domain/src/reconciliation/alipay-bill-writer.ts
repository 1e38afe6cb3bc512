// Writing a bill in Alipay's trade detail format (业务明细), the one parseAlipayBill reads: the payment
// simulator has no bill download of its own, so its statement is written in this format — what a test,
// a demonstration or a training session imports to see reconciliation work (and edits to see it find
// something). The layout follows alipay-bill.ts: '#' title lines with the account and the span, the
// header, one row per payment (交易) and per refund (退款, negative amounts, the refund's request number),
// numbers padded with a tab as Alipay pads them, and the footer totals the parser checks the count by.
// The text is returned as a string; the caller encodes it (GBK, as Alipay does).
import { formatYuan } from '../money';

export type AlipayBillRow = {
  kind: 'payment' | 'refund';
  /** 支付宝交易号: the provider's trade number (a refund repeats its payment's). */
  tradeNo: string;
  /** 商户订单号: our out_trade_no of the payment (a refund repeats its payment's). */
  outTradeNo: string;
  /** 退款批次号/请求号: a refund's out_request_no; null for a payment. */
  refundRequestNo: string | null;
  subject: string;
  /** ISO instants. */
  createdAt: string;
  completedAt: string;
  /** Fen, positive: the kind says which way the money went. */
  amount: number;
};

export const alipayTradeBillHeader = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
] as const;

/** Beijing has kept UTC+8 without daylight saving since 1991: a fixed offset is exact. */
function beijing(iso: string): { date: string; time: string } {
  const text = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return { date: text.slice(0, 10), time: text.slice(11, 19) };
}

const spanTime = (iso: string) => {
  const { date, time } = beijing(iso);
  return `[${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日 ${time}]`;
};

/** A cell as Alipay writes text: no commas or line breaks (it never quotes), no leading '#'. */
const text = (value: string) => value.replace(/[,\r\n]/g, ' ').replace(/^#/, '＃');
const padded = (value: string) => `${text(value)}\t`;

/** The bill's text; `from`–`to` is the span it covers (ISO instants, `to` excluded). */
export function writeAlipayTradeBill(input: {
  account: string;
  from: string;
  to: string;
  exportedAt: string;
  rows: readonly AlipayBillRow[];
}): string {
  // In time order, as Alipay lists them; ties in a fixed order, so the same rows make the same file.
  const rows = [...input.rows].sort(
    (a, b) =>
      a.completedAt.localeCompare(b.completedAt) ||
      a.kind.localeCompare(b.kind) ||
      a.outTradeNo.localeCompare(b.outTradeNo) ||
      (a.refundRequestNo ?? '').localeCompare(b.refundRequestNo ?? ''),
  );
  const at = (iso: string) => {
    const { date, time } = beijing(iso);
    return `${date} ${time}`;
  };
  const lines = [
    '#支付宝业务明细查询',
    `#账号：[${text(input.account)}]`,
    `#起始日期：${spanTime(input.from)}   终止日期：${spanTime(input.to)}`,
    '#-----------------------------------------业务明细列表----------------------------------------',
    alipayTradeBillHeader.join(','),
  ];
  let payments = 0;
  let refunds = 0;
  let received = 0;
  let returned = 0;
  for (const row of rows) {
    const signed = row.kind === 'refund' ? -row.amount : row.amount;
    if (row.kind === 'refund') {
      refunds++;
      returned += row.amount;
    } else {
      payments++;
      received += row.amount;
    }
    const yuan = formatYuan(signed);
    lines.push(
      [
        padded(row.tradeNo),
        padded(row.outTradeNo),
        row.kind === 'refund' ? '退款' : '交易',
        text(row.subject),
        at(row.createdAt),
        at(row.completedAt),
        '',
        '',
        '',
        '',
        '',
        yuan,
        yuan,
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '',
        '0.00',
        '0.00',
        row.refundRequestNo ? padded(row.refundRequestNo) : '',
        '0.00',
        '0.00',
        '',
      ].join(','),
    );
  }
  lines.push(
    '#-----------------------------------------业务明细列表结束------------------------------------',
    `#交易合计：${payments}笔，商家实收共：${formatYuan(received)}元，商家优惠共：0.00元`,
    `#退款合计：${refunds}笔，商家实收退款共：${formatYuan(-returned)}元，商家优惠退款共：0.00元`,
    `#导出时间：${spanTime(input.exportedAt)}`,
  );
  return lines.join('\r\n') + '\r\n';
}
