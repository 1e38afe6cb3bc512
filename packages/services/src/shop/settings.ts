// A site's shop settings (site_shop_settings): whether it sells online, rotating codes, per-day limits,
// free reservations' cancellation deadline and the no-show rule. A site without a row has the defaults:
// not in the shop.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export type ShopSettings = {
  enabled: boolean;
  rotatingCodes: boolean;
  rotationStepSeconds: number;
  rotationToleranceSteps: number;
  perIdDailyLimit: number | null;
  perPhoneDailyLimit: number | null;
  freeCancelMinutesBefore: number;
  noShowLimit: number | null;
  noShowWindowDays: number;
  noShowBlockDays: number;
  noticeZh: string;
  noticeEn: string;
};

export const defaultShopSettings: ShopSettings = {
  enabled: false,
  rotatingCodes: false,
  rotationStepSeconds: 30,
  rotationToleranceSteps: 2,
  perIdDailyLimit: null,
  perPhoneDailyLimit: null,
  freeCancelMinutesBefore: 120,
  noShowLimit: null,
  noShowWindowDays: 90,
  noShowBlockDays: 30,
  noticeZh: '',
  noticeEn: '',
};

type Row = {
  enabled: boolean;
  rotating_codes: boolean;
  rotation_step_seconds: number;
  rotation_tolerance_steps: number;
  per_id_daily_limit: number | null;
  per_phone_daily_limit: number | null;
  free_cancel_minutes_before: number;
  no_show_limit: number | null;
  no_show_window_days: number;
  no_show_block_days: number;
  notice_zh: string;
  notice_en: string;
};

export async function loadShopSettings(db: Queryable, siteId: string): Promise<ShopSettings> {
  const [row] = await rows<Row>(db, sql`select * from site_shop_settings where site_id = ${siteId}`);
  if (!row) return { ...defaultShopSettings };
  return {
    enabled: row.enabled,
    rotatingCodes: row.rotating_codes,
    rotationStepSeconds: row.rotation_step_seconds,
    rotationToleranceSteps: row.rotation_tolerance_steps,
    perIdDailyLimit: row.per_id_daily_limit,
    perPhoneDailyLimit: row.per_phone_daily_limit,
    freeCancelMinutesBefore: row.free_cancel_minutes_before,
    noShowLimit: row.no_show_limit,
    noShowWindowDays: row.no_show_window_days,
    noShowBlockDays: row.no_show_block_days,
    noticeZh: row.notice_zh,
    noticeEn: row.notice_en,
  };
}

export async function getShopSettings(ctx: ServiceContext, siteId: string): Promise<ShopSettings> {
  await requirePermission(ctx, 'catalog.read', siteId);
  const [site] = await rows<{ id: string }>(ctx.db, sql`select id from sites where id = ${siteId}`);
  if (!site) throw new AppError('site_not_found');
  return loadShopSettings(ctx.db, siteId);
}

/** Saves a site's shop settings (the input is validated by the route's schema and the table's check). */
export async function updateShopSettings(
  ctx: ServiceContext,
  siteId: string,
  input: ShopSettings,
): Promise<ShopSettings> {
  await requirePermission(ctx, 'catalog.write', siteId);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const [site] = await rows<{ id: string }>(
      tx.db,
      sql`select id from sites where id = ${siteId} for update`,
    );
    if (!site) throw new AppError('site_not_found');
    const before = await loadShopSettings(tx.db, siteId);
    await tx.db.execute(
      sql`insert into site_shop_settings (site_id, enabled, rotating_codes, rotation_step_seconds, rotation_tolerance_steps,
                                          per_id_daily_limit, per_phone_daily_limit, free_cancel_minutes_before,
                                          no_show_limit, no_show_window_days, no_show_block_days, notice_zh, notice_en, updated_at)
          values (${siteId}, ${input.enabled}, ${input.rotatingCodes}, ${input.rotationStepSeconds},
                  ${input.rotationToleranceSteps}, ${input.perIdDailyLimit}, ${input.perPhoneDailyLimit},
                  ${input.freeCancelMinutesBefore}, ${input.noShowLimit}, ${input.noShowWindowDays},
                  ${input.noShowBlockDays}, ${input.noticeZh}, ${input.noticeEn}, ${now})
          on conflict (site_id) do update set
            enabled = excluded.enabled, rotating_codes = excluded.rotating_codes,
            rotation_step_seconds = excluded.rotation_step_seconds,
            rotation_tolerance_steps = excluded.rotation_tolerance_steps,
            per_id_daily_limit = excluded.per_id_daily_limit, per_phone_daily_limit = excluded.per_phone_daily_limit,
            free_cancel_minutes_before = excluded.free_cancel_minutes_before, no_show_limit = excluded.no_show_limit,
            no_show_window_days = excluded.no_show_window_days, no_show_block_days = excluded.no_show_block_days,
            notice_zh = excluded.notice_zh, notice_en = excluded.notice_en, updated_at = excluded.updated_at`,
    );
    const changed = Object.fromEntries(
      (Object.keys(input) as (keyof ShopSettings)[])
        .filter((k) => input[k] !== before[k])
        .map((k) => [k, { from: before[k], to: input[k] }]),
    );
    await recordAudit(tx, {
      action: 'catalog.shop_settings.updated',
      siteId,
      target: { type: 'site', id: siteId },
      details: { changed },
    });
    return loadShopSettings(tx.db, siteId);
  });
}
