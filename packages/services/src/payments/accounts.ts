// A site's accounts at the payment providers. An admin enters the credentials in the admin screens;
// the secrets (private keys, API keys) are encrypted at rest with the installation's key ring and
// never shown back — only their last characters. "Test connection" makes a harmless signed call.
// The installation's own simulator (ADMIT_PAYMENT_SIMULATOR) needs no account: it is the 'simulator'
// choice, notified at /api/v1/payments/notify/simulator.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { decryptPii, encryptPii } from '../pii';
import type { SalesRuntime } from '../sales/runtime';
import type { PaymentProvider } from './provider';
import { SimulatorProvider } from './simulator';
import { AlipayProvider, alipayConfigFromAccount } from './alipay/index';
import { WechatPayProvider, wechatPayConfigFromAccount } from './wechat/index';

export type PaymentAccountProvider = 'simulator' | 'alipay' | 'wechat';

/** Which provider to pay with: the installation's simulator, or the site's account at a provider. */
export type ProviderChoice = 'simulator' | 'alipay' | 'wechat';

export type AccountMaterial = {
  merchantId: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
};

export type AdapterFactory = (account: AccountMaterial) => PaymentProvider;

/** How each provider's adapter is built from an account; the real adapters register themselves here. */
export const paymentAdapterFactories: Partial<Record<PaymentAccountProvider, AdapterFactory>> = {
  simulator: (a) => {
    const url = a.settings.url;
    const secret = a.secrets.secret;
    if (!url || !secret) throw new AppError('validation_failed', { details: { account: 'url and secret' } });
    return new SimulatorProvider(url, secret, 8000, a.merchantId);
  },
  alipay: (a) => new AlipayProvider(alipayConfigFromAccount(a)),
  wechat: (a) => new WechatPayProvider(wechatPayConfigFromAccount(a)),
};

export type PaymentAccountView = {
  id: string;
  siteId: string;
  provider: PaymentAccountProvider;
  label: string;
  enabled: boolean;
  merchantId: string;
  settings: Record<string, string>;
  /** Each secret's last characters (never the secret). */
  secretHints: Record<string, string>;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  updatedAt: Date;
};

type AccountRow = {
  id: string;
  site_id: string;
  provider: PaymentAccountProvider;
  label: string;
  enabled: boolean;
  merchant_id: string;
  settings: Record<string, string>;
  secrets_encrypted: string;
  secret_hints: Record<string, string>;
  last_test_at: Date | string | null;
  last_test_ok: boolean | null;
  last_test_message: string | null;
  updated_at: Date | string;
};

const present = (r: AccountRow): PaymentAccountView => ({
  id: r.id,
  siteId: r.site_id,
  provider: r.provider,
  label: r.label,
  enabled: r.enabled,
  merchantId: r.merchant_id,
  settings: r.settings,
  secretHints: r.secret_hints,
  lastTestAt: r.last_test_at ? new Date(r.last_test_at) : null,
  lastTestOk: r.last_test_ok,
  lastTestMessage: r.last_test_message,
  updatedAt: new Date(r.updated_at),
});

/** What a secret looks like in the admin screens: its length hidden, the last 4 characters shown. */
export function secretHint(secret: string): string {
  const trimmed = secret.trim();
  return trimmed.length <= 8 ? '••••' : `••••${trimmed.slice(-4)}`;
}

export type PaymentAccountInput = {
  provider: PaymentAccountProvider;
  label: string;
  enabled: boolean;
  merchantId: string;
  settings: Record<string, string>;
  /** Secrets to set; a secret left out (or empty) keeps its stored value. */
  secrets: Record<string, string>;
};

/** Creates or replaces the site's account at a provider (one per provider and site). */
export async function savePaymentAccount(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  input: PaymentAccountInput,
): Promise<PaymentAccountView> {
  await requirePermission(ctx, 'settings.manage', siteId);
  const factory = paymentAdapterFactories[input.provider];
  if (!factory) throw new AppError('validation_failed', { details: { provider: input.provider } });
  const ring = runtime.ring().encryption;
  const [existing] = await rows<AccountRow>(
    ctx.db,
    sql`select * from payment_accounts where site_id = ${siteId} and provider = ${input.provider}`,
  );
  const kept = existing
    ? (JSON.parse(decryptPii(ring, existing.secrets_encrypted)) as Record<string, string>)
    : {};
  const secrets = { ...kept };
  const hints = { ...(existing?.secret_hints ?? {}) };
  for (const [name, value] of Object.entries(input.secrets)) {
    if (value.trim() === '') continue;
    secrets[name] = value;
    hints[name] = secretHint(value);
  }
  // The adapter checks the material (keys parse, required fields present) before anything is stored.
  factory({ merchantId: input.merchantId, settings: input.settings, secrets });
  const now = ctx.clock.now();
  const id = existing?.id ?? newId(now.getTime());
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(
      sql`insert into payment_accounts (id, site_id, provider, label, enabled, merchant_id, settings, secrets_encrypted,
                                        secret_hints, created_by, created_at, updated_at)
          values (${id}, ${siteId}, ${input.provider}, ${input.label}, ${input.enabled}, ${input.merchantId},
                  ${JSON.stringify(input.settings)}::jsonb, ${encryptPii(ring, JSON.stringify(secrets))},
                  ${JSON.stringify(hints)}::jsonb, ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${now}, ${now})
          on conflict (site_id, provider) do update set
            label = excluded.label, enabled = excluded.enabled, merchant_id = excluded.merchant_id,
            settings = excluded.settings, secrets_encrypted = excluded.secrets_encrypted,
            secret_hints = excluded.secret_hints, updated_at = excluded.updated_at,
            last_test_at = null, last_test_ok = null, last_test_message = null`,
    );
    await recordAudit(tx, {
      action: existing ? 'payments.account.updated' : 'payments.account.created',
      siteId,
      target: { type: 'payment_account', id },
      // Which secrets changed, never their values.
      details: {
        provider: input.provider,
        merchantId: input.merchantId,
        enabled: input.enabled,
        secretsChanged: Object.keys(input.secrets).filter((k) => (input.secrets[k] ?? '').trim() !== ''),
      },
    });
  });
  return getPaymentAccount(ctx, siteId, id);
}

export async function listPaymentAccounts(
  ctx: ServiceContext,
  siteId: string,
): Promise<PaymentAccountView[]> {
  await requirePermission(ctx, 'settings.manage', siteId);
  const found = await rows<AccountRow>(
    ctx.db,
    sql`select * from payment_accounts where site_id = ${siteId} order by provider`,
  );
  return found.map(present);
}

export async function getPaymentAccount(
  ctx: ServiceContext,
  siteId: string,
  id: string,
): Promise<PaymentAccountView> {
  await requirePermission(ctx, 'settings.manage', siteId);
  const [row] = await rows<AccountRow>(
    ctx.db,
    sql`select * from payment_accounts where id = ${id} and site_id = ${siteId}`,
  );
  if (!row) throw new AppError('not_found');
  return present(row);
}

/** "Test connection": a harmless signed call with the stored credentials; the result is kept. */
export async function testPaymentAccount(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  id: string,
): Promise<PaymentAccountView> {
  await requirePermission(ctx, 'settings.manage', siteId);
  const provider = await accountProvider(ctx.db, runtime, id);
  if (!provider) throw new AppError('not_found');
  const result = await provider.testConnection().catch((error: unknown) => ({
    ok: false,
    message: error instanceof Error ? error.message : String(error),
  }));
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(
      sql`update payment_accounts set last_test_at = ${now}, last_test_ok = ${result.ok},
                                      last_test_message = ${result.message.slice(0, 500)}
          where id = ${id} and site_id = ${siteId}`,
    );
    await recordAudit(tx, {
      action: 'payments.account.tested',
      outcome: result.ok ? 'success' : 'failure',
      siteId,
      target: { type: 'payment_account', id },
      details: { message: result.message.slice(0, 200) },
    });
  });
  return getPaymentAccount(ctx, siteId, id);
}

type CachedAdapter = { fingerprint: string; provider: PaymentProvider; siteId: string; enabled: boolean };
const adapterCache = new WeakMap<SalesRuntime, Map<string, CachedAdapter>>();

/** The adapter of an account, built once per change of the account (cached per runtime). */
export async function accountAdapter(
  db: Queryable,
  runtime: SalesRuntime,
  accountId: string,
): Promise<CachedAdapter | null> {
  const [row] = await rows<AccountRow>(db, sql`select * from payment_accounts where id = ${accountId}`);
  if (!row) return null;
  let cache = adapterCache.get(runtime);
  if (!cache) {
    cache = new Map();
    adapterCache.set(runtime, cache);
  }
  // Rebuilt whenever the material changes (the encrypted secrets change with every save: fresh IV).
  const fingerprint = `${row.merchant_id}|${JSON.stringify(row.settings)}|${row.secrets_encrypted}`;
  const hit = cache.get(accountId);
  if (hit && hit.fingerprint === fingerprint) return { ...hit, enabled: row.enabled };
  const factory = paymentAdapterFactories[row.provider];
  if (!factory) return null;
  const secrets = JSON.parse(decryptPii(runtime.ring().encryption, row.secrets_encrypted)) as Record<
    string,
    string
  >;
  const built: CachedAdapter = {
    fingerprint,
    siteId: row.site_id,
    enabled: row.enabled,
    provider: factory({ merchantId: row.merchant_id, settings: row.settings, secrets }),
  };
  cache.set(accountId, built);
  return built;
}

async function accountProvider(
  db: Queryable,
  runtime: SalesRuntime,
  accountId: string,
): Promise<PaymentProvider | null> {
  return (await accountAdapter(db, runtime, accountId))?.provider ?? null;
}

/** The provider a new online payment uses: the site's enabled account, or the installation's simulator. */
export async function resolveProvider(
  db: Queryable,
  runtime: SalesRuntime,
  siteId: string,
  choice: ProviderChoice,
): Promise<{ provider: PaymentProvider; accountId: string | null }> {
  const [account] = await rows<{ id: string }>(
    db,
    sql`select id from payment_accounts where site_id = ${siteId} and provider = ${choice} and enabled`,
  );
  if (account) {
    const provider = await accountProvider(db, runtime, account.id);
    if (provider) return { provider, accountId: account.id };
  }
  if (choice === 'simulator') {
    const simulator = runtime.payments.byName('simulator');
    if (simulator) return { provider: simulator, accountId: null };
  }
  throw new AppError('payment_provider_unavailable', { details: { provider: choice } });
}

/** The provider that holds an existing payment: its account's, or the installation's by name. */
export async function providerForPayment(
  db: Queryable,
  runtime: SalesRuntime,
  payment: { provider: string | null; account_id: string | null },
): Promise<PaymentProvider | null> {
  if (payment.account_id) return accountProvider(db, runtime, payment.account_id);
  return runtime.payments.byName(payment.provider ?? '');
}

/** The counter's provider for a scanned payment code: the site's account for that wallet, or the installation's. */
export async function walletProvider(
  db: Queryable,
  runtime: SalesRuntime,
  siteId: string,
  wallet: 'alipay' | 'wechat',
): Promise<{ provider: PaymentProvider; accountId: string | null } | null> {
  const [account] = await rows<{ id: string }>(
    db,
    sql`select id from payment_accounts where site_id = ${siteId} and provider = ${wallet} and enabled`,
  );
  if (account) {
    const provider = await accountProvider(db, runtime, account.id);
    if (provider) return { provider, accountId: account.id };
  }
  const installation = runtime.payments.forWallet(wallet);
  return installation ? { provider: installation, accountId: null } : null;
}
