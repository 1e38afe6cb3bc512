// Payment providers: the notification address every provider posts to (public: the provider's own
// signature is the authentication), online payments of held orders, and a site's provider accounts
// for the admin screens (secrets write-only).
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orderParamsSchema, siteIdParamsSchema } from '@admit/contracts';
import {
  handlePaymentNotification,
  listPaymentAccounts,
  notifyUrlFor,
  savePaymentAccount,
  startOnlinePayment,
  testPaymentAccount,
  type PaymentAccountView,
} from '@admit/services';
import { AppError } from '@admit/domain';

const tags = ['payments'];

const accountViewSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  provider: z.enum(['simulator', 'alipay', 'wechat']),
  label: z.string(),
  enabled: z.boolean(),
  merchantId: z.string(),
  settings: z.record(z.string(), z.string()),
  secretHints: z.record(z.string(), z.string()),
  lastTestAt: z.string().nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  /** The address to give the provider for its notifications. */
  notifyUrl: z.string(),
});

export const paymentRoutes: FastifyPluginAsyncZod = async (app) => {
  const present = (a: PaymentAccountView) => ({
    ...a,
    lastTestAt: a.lastTestAt?.toISOString() ?? null,
    notifyUrl: notifyUrlFor(app.deps.config.publicUrl, a.id),
    updatedAt: undefined,
  });

  // Notifications: the body is verified byte for byte, so it is kept as the exact string received.
  await app.register(async (plain) => {
    const raw = plain.withTypeProvider<ZodTypeProvider>();
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    raw.post(
      '/api/v1/payments/notify/:accountKey',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'Where a payment provider posts its asynchronous notifications (signed by the provider)',
          description:
            'Give the provider the notifyUrl of the account (see the payment accounts of a site). The answer is the ' +
            "one the provider expects: Alipay and the simulator read 'success', WeChat Pay a 2xx. A notification " +
            'with a bad signature, a wrong amount or merchant, or for an unknown order changes nothing and is ' +
            'logged as a security event.',
          params: z.object({ accountKey: z.string().min(1).max(64) }),
        },
      },
      async (request, reply) => {
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers))
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
        const result = await handlePaymentNotification(
          request.serviceContext(),
          app.sales,
          request.params.accountKey,
          { headers, body: typeof request.body === 'string' ? request.body : '', ip: request.ip },
        );
        if (result.outcome === 'rejected')
          request.log.warn(
            { reason: result.reason, accountKey: request.params.accountKey },
            'payment notification rejected',
          );
        return reply.code(result.answer.status).type(result.answer.contentType).send(result.answer.body);
      },
    );
  });

  app.post(
    '/api/v1/sites/:siteId/orders/:orderId/online-payment',
    {
      schema: {
        tags,
        summary: 'Create the provider payment of a held online order (redirect, QR code or JSAPI parameters)',
        params: orderParamsSchema,
        body: z.object({
          provider: z.enum(['simulator', 'alipay', 'wechat']),
          kind: z.enum(['page', 'h5', 'jsapi', 'native']),
          returnUrl: z.url().max(500).nullable().default(null),
          payerId: z.string().trim().min(1).max(128).nullable().default(null),
        }),
        response: {
          200: z.object({
            paymentId: z.uuid(),
            providerOrderId: z.string(),
            expiresAt: z.string(),
            created: z.discriminatedUnion('kind', [
              z.object({ kind: z.literal('redirect'), url: z.string() }),
              z.object({ kind: z.literal('qr'), codeUrl: z.string() }),
              z.object({ kind: z.literal('jsapi'), params: z.record(z.string(), z.string()) }),
            ]),
          }),
        },
      },
    },
    async (request) => {
      const started = await startOnlinePayment(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.params.orderId,
        {
          ...request.body,
          publicUrl: app.deps.config.publicUrl,
          clientIp: request.ip,
        },
      );
      return { ...started, expiresAt: started.expiresAt.toISOString() };
    },
  );

  app.put(
    '/api/v1/payments/simulator/faults',
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags,
        summary: "Training: switch the installation's payment simulator's notification faults",
        description:
          'Rehearse what real providers do: delay notifications, send duplicates, lose the first attempts, ' +
          'deliver out of order, or send a corrupted copy first. An empty body switches them off.',
        body: z.object({
          delayMs: z.number().int().min(0).max(3_600_000).optional(),
          duplicates: z.number().int().min(1).max(20).optional(),
          dropAttempts: z.number().int().min(0).max(20).optional(),
          reorderMs: z.number().int().min(0).max(600_000).optional(),
          corrupt: z.enum(['signature', 'amount', 'merchant', 'body']).nullable().optional(),
        }),
        response: { 200: z.object({ applied: z.literal(true) }) },
      },
    },
    async (request) => {
      const simulator = app.paymentSimulator;
      if (!simulator)
        throw new AppError('payment_provider_unavailable', { details: { provider: 'simulator' } });
      simulator.setFaults(request.body);
      return { applied: true as const };
    },
  );

  app.get(
    '/api/v1/sites/:siteId/payment-accounts',
    {
      schema: {
        tags,
        summary:
          "The site's accounts at the payment providers (secrets never shown, only their last characters)",
        params: siteIdParamsSchema,
        response: { 200: z.array(accountViewSchema) },
      },
    },
    async (request) =>
      (await listPaymentAccounts(request.serviceContext(), request.params.siteId)).map(present),
  );

  app.put(
    '/api/v1/sites/:siteId/payment-accounts/:provider',
    {
      schema: {
        tags,
        summary:
          "Create or change the site's account at a provider; a secret left empty keeps its stored value",
        params: z.object({ siteId: z.uuid(), provider: z.enum(['simulator', 'alipay', 'wechat']) }),
        body: z.object({
          label: z.string().trim().min(1).max(60),
          enabled: z.boolean(),
          merchantId: z.string().trim().min(1).max(64),
          // Certificates and public keys are long (a WeChat platform certificate list holds several PEMs).
          settings: z.record(z.string().max(40), z.string().max(20_000)),
          secrets: z.record(z.string().max(40), z.string().max(8000)).default({}),
        }),
        response: { 200: accountViewSchema },
      },
    },
    async (request) =>
      present(
        await savePaymentAccount(request.serviceContext(), app.sales, request.params.siteId, {
          ...request.body,
          provider: request.params.provider,
        }),
      ),
  );

  app.post(
    '/api/v1/sites/:siteId/payment-accounts/:accountId/test',
    {
      schema: {
        tags,
        summary: 'Test connection: a harmless signed call with the stored credentials',
        params: z.object({ siteId: z.uuid(), accountId: z.uuid() }),
        response: { 200: accountViewSchema },
      },
    },
    async (request) =>
      present(
        await testPaymentAccount(
          request.serviceContext(),
          app.sales,
          request.params.siteId,
          request.params.accountId,
        ),
      ),
  );
};
