// Real payments and refunds to reconcile: a site with its own Alipay and WeChat Pay accounts (the real
// adapters, talking to the local fakes of both providers), a second site paid through the payment
// simulator, and the statements each provider would give — written from the providers' own records
// (the fakes' trades and refunds), in their formats: Alipay's GBK bill zipped with GBK file names as
// its download comes, WeChat Pay's backticked trade bill.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { formatYuan, writeAlipayTradeBill, type AlipayBillRow } from '@admit/domain';
import {
  createSalesRuntime,
  PaymentProviders,
  refundTickets,
  savePaymentAccount,
  sellTickets,
  SimulatorProvider,
  startPaymentSimulator,
  systemContext,
  type Clock,
  type RunningSimulator,
  type SalesRuntime,
  type ServiceContext,
} from '@admit/services';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, saleDay, type SaleFixture } from '../sales/fixture';
import { startAlipayFake, type AlipayFake } from '../payments/fakes/alipay-fake';
import { startWechatPayFake, type WechatPayFake } from '../payments/fakes/wechat-fake';

const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }).toString();
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

export type Providers = {
  runtime: SalesRuntime;
  alipay: AlipayFake;
  wechat: WechatPayFake;
  simulator: RunningSimulator;
  close(): Promise<void>;
};

/** The fakes, a runtime whose installation provider is the simulator, and the site's two accounts. */
export async function startProviders(db: Queryable, clock: Clock, siteId: string): Promise<Providers> {
  const simulator = await startPaymentSimulator({ passwordMs: 50 });
  const sim = new SimulatorProvider(simulator.url, simulator.secret);
  const runtime = createSalesRuntime({
    encryption: keyRing(),
    lookup: keyRing(),
    catalogCacheMs: 0,
    payments: new PaymentProviders({ alipay: sim, wechat: sim }),
  });
  const ctx = systemContext(db, 'test', { clock });
  const app = rsa();
  const alipayKeys = rsa();
  const alipay = await startAlipayFake({
    appId: '2021000000000001',
    appPublicKey: pem(app.publicKey, 'spki'),
    alipayPrivateKey: pem(alipayKeys.privateKey, 'pkcs8'),
    sellerId: '2088000000000001',
  });
  await savePaymentAccount(ctx, runtime, siteId, {
    provider: 'alipay',
    label: '支付宝',
    enabled: true,
    merchantId: '2088000000000001',
    settings: {
      appId: '2021000000000001',
      alipayPublicKey: pem(alipayKeys.publicKey, 'spki'),
      gateway: alipay.gateway,
    },
    secrets: { privateKey: pem(app.privateKey, 'pkcs8') },
  });
  const merchant = rsa();
  const wechat = await startWechatPayFake({
    mchId: '1900000001',
    appId: 'wx0000000000000001',
    apiV3Key: 'A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6',
    apiV2Key: 'Kq3vN8x2LmP5rT7wY9zB4cD6fH1jK0sA',
    merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    merchantPublicKey: merchant.publicKey,
  });
  await savePaymentAccount(ctx, runtime, siteId, {
    provider: 'wechat',
    label: '微信支付',
    enabled: true,
    merchantId: '1900000001',
    settings: {
      appId: 'wx0000000000000001',
      merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      platformPublicKeyId: wechat.platform.serial,
      platformPublicKey: wechat.platform.publicKeyPem,
      baseUrl: wechat.url,
    },
    secrets: {
      merchantPrivateKey: pem(merchant.privateKey, 'pkcs8'),
      apiV3Key: 'A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6',
      apiV2Key: 'Kq3vN8x2LmP5rT7wY9zB4cD6fH1jK0sA',
    },
  });
  return {
    runtime,
    alipay,
    wechat,
    simulator,
    async close() {
      await alipay.close();
      await wechat.close();
      await simulator.close();
    },
  };
}

let serial = 0;

/**
 * A payment code of the wallet: Alipay's 16 digits from 28, WeChat Pay's 18 from 13. The last two
 * digits tell the fakes and the simulator what to do (02: the customer must enter a password first).
 */
export function paymentCode(wallet: 'alipay' | 'wechat', suffix = '00'): string {
  serial++;
  return wallet === 'alipay'
    ? `28${String(serial).padStart(12, '0')}${suffix}`
    : `13${String(serial).padStart(14, '0')}${suffix}`;
}

export type Sale = {
  orderId: string;
  ticketIds: string[];
  paymentId: string;
  providerOrderId: string;
  status: string;
  amount: number;
};

/** Adults (¥130 each on the fixture's weekday) paid with a scanned payment code, as the system. */
export async function sellWithCode(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  f: SaleFixture,
  authCode: string,
  adults: number,
): Promise<Sale> {
  const { order } = await sellTickets(ctx, runtime, f.siteId, {
    channel: 'api',
    visitDate: saleDay,
    sessionId: f.sessionIds[1]!,
    terminal: '07',
    lines: [
      {
        productId: f.products.adult,
        quantity: adults,
        holders: [],
        discountDocument: null,
        discountReason: '',
      },
    ],
    payments: [{ method: 'payment_code', amount: 13000 * adults, authCode }],
    guide: null,
    approval: null,
    contactPhone: '',
  });
  const payment = order.payments[0]!;
  return {
    orderId: order.id,
    ticketIds: order.tickets.map((t) => t.id),
    paymentId: payment.id,
    providerOrderId: payment.providerOrderId!,
    status: payment.status,
    amount: payment.amount,
  };
}

/** One ticket of a sale refunded through its provider; the refund's id. */
export async function refundOne(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  f: SaleFixture,
  sale: Sale,
): Promise<{ id: string; status: string; ourReference: string }> {
  const result = await refundTickets(ctx, runtime, f.siteId, sale.orderId, {
    ticketIds: [sale.ticketIds[0]!],
    reason: 'visitor changed plans',
    void: false,
    approval: null,
  });
  const refund = result.refunds[0]!;
  return { id: refund.id, status: refund.status, ourReference: refund.id.replaceAll('-', '') };
}

export async function createTwoSites(db: Queryable, clock: Clock) {
  const accounts = await createSaleFixture(db, { clock, capacity: 100, code: 'RECON' });
  const simulated = await createSaleFixture(db, { clock, capacity: 100, code: 'RECSIM' });
  return { accounts, simulated };
}

/** Our record of a payment as stored (to check what a statement is compared with). */
export async function storedPayment(db: Queryable, paymentId: string) {
  const [row] = await rows<{ status: string; reference: string | null; provider: string }>(
    db,
    sql`select status, reference, provider from payments where id = ${paymentId}`,
  );
  return row!;
}

// --- Statements as the providers write them -------------------------------------------------------

/** The fixture's business day in Shanghai, as the instants a daily bill declares. */
export const billSpan = { from: '2026-11-30T16:00:00.000Z', to: '2026-12-01T16:00:00.000Z' };

/** A row of Alipay's bill for a trade of the fake (its trade number, amount, refunds). */
export function alipayRows(
  alipay: AlipayFake,
  outTradeNo: string,
  at: string,
  options: { amount?: number; refunds?: boolean } = {},
): AlipayBillRow[] {
  const trade = alipay.trade(outTradeNo);
  if (!trade) throw new Error(`the fake has no trade ${outTradeNo}`);
  const fen = (yuan: string) => Math.round(Number(yuan) * 100);
  const payment: AlipayBillRow = {
    kind: 'payment',
    tradeNo: trade.tradeNo,
    outTradeNo,
    refundRequestNo: null,
    subject: trade.subject,
    createdAt: at,
    completedAt: at,
    amount: options.amount ?? fen(trade.totalAmount),
  };
  const refunds = ((options.refunds ?? true) ? trade.refunds : []).map((r): AlipayBillRow => ({
    ...payment,
    kind: 'refund',
    refundRequestNo: r.outRequestNo,
    amount: r.fen,
    completedAt: new Date(Date.parse(at) + 3600_000).toISOString(),
  }));
  return [payment, ...refunds];
}

/**
 * A zip as Alipay's bill download is: the detail CSV and its summary in GBK, named in GBK (no UTF-8
 * flag). fflate writes names as UTF-8, so the zip is made with ASCII stand-ins of the same byte length
 * and the names' bytes are put in afterwards (a name is outside the checksummed data).
 */
export function alipayZip(detail: string, account = '20885012345678900156'): Buffer {
  const detailName = iconv.encode(`${account}_20261201_业务明细.csv`, 'gbk');
  const summaryName = iconv.encode(`${account}_20261201_业务明细(汇总).csv`, 'gbk');
  const prefix = `${account}_20261201_`;
  const standIn = (bytes: Buffer, letter: string) =>
    `${prefix}${letter.repeat(bytes.length - prefix.length - '.csv'.length)}.csv`;
  const detailStandIn = standIn(detailName, 'D');
  const summaryStandIn = standIn(summaryName, 'S');
  const zip = Buffer.from(
    zipSync(
      {
        [detailStandIn]: iconv.encode(detail, 'gbk'),
        [summaryStandIn]: iconv.encode(
          '#支付宝业务汇总查询\r\n门店编号,门店名称,交易订单总笔数\r\n,,3\r\n',
          'gbk',
        ),
      },
      { level: 6 },
    ),
  );
  for (const [standInName, bytes] of [
    [detailStandIn, detailName],
    [summaryStandIn, summaryName],
  ] as const) {
    const needle = Buffer.from(standInName, 'latin1');
    let at = zip.indexOf(needle);
    let replaced = 0;
    while (at >= 0) {
      bytes.copy(zip, at);
      replaced++;
      at = zip.indexOf(needle, at + 1);
    }
    // The local header and the central directory each name the file once.
    if (replaced !== 2) throw new Error(`expected the name twice in the zip, found it ${replaced} times`);
  }
  return zip;
}

/** An Alipay bill for the fixture's day. */
export function alipayBill(rows: AlipayBillRow[]): string {
  return writeAlipayTradeBill({
    account: '20885012345678900156',
    from: billSpan.from,
    to: billSpan.to,
    exportedAt: '2026-12-02T02:00:00.000Z',
    rows,
  });
}

const wechatHeader =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';

export type WechatRow =
  | {
      kind: 'payment';
      time: string;
      transactionId: string;
      outTradeNo: string;
      state: string;
      amount: number;
    }
  | {
      kind: 'refund';
      time: string;
      transactionId: string;
      outTradeNo: string;
      refundId: string;
      outRefundNo: string;
      amount: number;
      status: string;
    };

/** WeChat Pay's trade bill (ALL): every field after a backtick, then the summary the count is checked by. */
export function wechatBill(rows: WechatRow[]): string {
  const beijing = (iso: string) =>
    new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  const line = (fields: string[]) => fields.map((f) => '`' + f).join(',');
  const body = rows.map((r) =>
    r.kind === 'payment'
      ? line([
          beijing(r.time),
          'wx0000000000000001',
          '1900000001',
          '0',
          '',
          r.transactionId,
          r.outTradeNo,
          'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
          'MICROPAY',
          r.state,
          'OTHERS',
          'CNY',
          formatYuan(r.amount),
          '0.00',
          '0',
          '0',
          '0.00',
          '0.00',
          '',
          '',
          '成人票',
          '',
          '0.78',
          '0.60%',
          formatYuan(r.amount),
          '0.00',
          '',
        ])
      : line([
          beijing(r.time),
          'wx0000000000000001',
          '1900000001',
          '0',
          '',
          r.transactionId,
          r.outTradeNo,
          'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
          'MICROPAY',
          'REFUND',
          'OTHERS',
          'CNY',
          '0.00',
          '0.00',
          r.refundId,
          r.outRefundNo,
          formatYuan(r.amount),
          '0.00',
          'ORIGINAL',
          r.status,
          '成人票',
          '',
          '-0.78',
          '0.60%',
          '0.00',
          formatYuan(r.amount),
          '',
        ]),
  );
  return [
    wechatHeader,
    ...body,
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    line([String(rows.length), '0.00', '0.00', '0.00', '0.00', '0.00', '0.00']),
    '',
  ].join('\r\n');
}
