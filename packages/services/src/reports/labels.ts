// Names that report rows and exports show, in the request's language: channels and payment methods
// (fixed lists), and ticket types, partners, sellers and sites looked up by id.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import type { Locale } from '@admit/domain';

type Text = Record<Locale, string>;

export const channelNames: Record<string, Text> = {
  box_office: { 'zh-CN': '售票窗口', en: 'Box office' },
  online: { 'zh-CN': '线上', en: 'Online' },
  api: { 'zh-CN': '渠道接口', en: 'Channel API' },
};

export const paymentMethodNames: Record<string, Text> = {
  cash: { 'zh-CN': '现金', en: 'Cash' },
  card: { 'zh-CN': '银行卡', en: 'Card' },
  payment_code: { 'zh-CN': '付款码', en: 'Payment code' },
  online: { 'zh-CN': '线上支付', en: 'Online payment' },
  on_account: { 'zh-CN': '挂账', en: 'On account' },
};

/** Rows without a partner (direct sales), or without a seller (online, API, jobs). */
export const noPartner: Text = { 'zh-CN': '直销', en: 'Direct' };
export const noSeller: Text = { 'zh-CN': '线上/系统', en: 'Online / system' };

export function fixedName(names: Record<string, Text>, key: string, locale: Locale): string {
  return names[key]?.[locale] ?? key;
}

const inList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** Names by id from one of the tables reports name rows after; unknown ids are left out. */
export async function namesById(
  db: Queryable,
  kind: 'product' | 'channel' | 'user' | 'site',
  ids: readonly string[],
  locale: Locale,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const query =
    kind === 'product'
      ? sql`select id, ${locale === 'zh-CN' ? sql`name_zh` : sql`name_en`} as name from products where id in (${inList(unique)})`
      : kind === 'site'
        ? sql`select id, ${locale === 'zh-CN' ? sql`name_zh` : sql`name_en`} as name from sites where id in (${inList(unique)})`
        : kind === 'channel'
          ? sql`select id, name from channels where id in (${inList(unique)})`
          : sql`select id, display_name as name from users where id in (${inList(unique)})`;
  const found = await rows<{ id: string; name: string }>(db, query);
  return new Map(found.map((r) => [r.id, r.name]));
}
