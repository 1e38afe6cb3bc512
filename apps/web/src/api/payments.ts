// A site's accounts at the payment providers (apps/server/src/routes/payments.ts): the list with each
// secret's last characters only, saving one (a secret left empty keeps its stored value), "test
// connection", and the training switches of the installation's payment simulator. The schemas the
// server declares inline are mirrored here.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiRequest } from './client';

export const paymentProviders = ['simulator', 'alipay', 'wechat'] as const;
export type PaymentProvider = (typeof paymentProviders)[number];

export const paymentAccountSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  provider: z.enum(paymentProviders),
  label: z.string(),
  enabled: z.boolean(),
  merchantId: z.string(),
  settings: z.record(z.string(), z.string()),
  /** Each stored secret's last characters ("••••AB12"), never the secret. */
  secretHints: z.record(z.string(), z.string()),
  lastTestAt: z.string().nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  /** The address to give the provider for its notifications. */
  notifyUrl: z.string(),
});
export type PaymentAccount = z.infer<typeof paymentAccountSchema>;

export type PaymentAccountInput = {
  label: string;
  enabled: boolean;
  merchantId: string;
  settings: Record<string, string>;
  /** Only the secrets being changed; one left out keeps its stored value. */
  secrets: Record<string, string>;
};

export const simulatorCorruptions = ['signature', 'amount', 'merchant', 'body'] as const;
export type SimulatorCorruption = (typeof simulatorCorruptions)[number];

/** The installation simulator's notification faults; an empty object switches them all off. */
export type SimulatorFaults = {
  delayMs?: number;
  duplicates?: number;
  dropAttempts?: number;
  reorderMs?: number;
  corrupt?: SimulatorCorruption | null;
};

export function paymentAccountsQueryKey(siteId: string) {
  return ['payments', siteId, 'accounts'] as const;
}

export function paymentAccountsQuery(siteId: string) {
  return queryOptions({
    queryKey: paymentAccountsQueryKey(siteId),
    queryFn: ({ signal }) =>
      apiGet(`/api/v1/sites/${siteId}/payment-accounts`, z.array(paymentAccountSchema), { signal }),
  });
}

export function savePaymentAccount(siteId: string, provider: PaymentProvider, body: PaymentAccountInput) {
  return apiRequest(`/api/v1/sites/${siteId}/payment-accounts/${provider}`, paymentAccountSchema, {
    method: 'PUT',
    body,
  });
}

export function testPaymentAccount(siteId: string, accountId: string) {
  return apiRequest(`/api/v1/sites/${siteId}/payment-accounts/${accountId}/test`, paymentAccountSchema, {
    method: 'POST',
  });
}

export function setSimulatorFaults(faults: SimulatorFaults) {
  return apiRequest('/api/v1/payments/simulator/faults', z.object({ applied: z.literal(true) }), {
    method: 'PUT',
    body: faults,
  });
}
