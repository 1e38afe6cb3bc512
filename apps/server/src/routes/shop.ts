// The public shop API (/api/v1/shop, no login: an order is reached by its access token) and the
// admin routes for a site's shop settings. At release time (放票) the shop is the product's peak: every
// write is rate-limited per client IP and per phone number in PostgreSQL (so the limit holds across
// app nodes), and a client over a limit gets a proof-of-work challenge to solve instead of a flat no.
import { createHmac } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { challengeAnswerSchema } from '@admit/contracts';
import {
  shopCalendarQuerySchema,
  shopCalendarResponseSchema,
  shopLookupCodeRequestSchema,
  shopLookupCodeResponseSchema,
  shopLookupVerifyRequestSchema,
  shopLookupVerifyResponseSchema,
  shopWechatAuthorizeQuerySchema,
  shopWechatCallbackQuerySchema,
  shopOrderParamsSchema,
  shopOrderRequestSchema,
  shopOrderResponseSchema,
  shopOrderViewSchema,
  shopPayRequestSchema,
  shopPayResponseSchema,
  shopRebookRequestSchema,
  shopSettingsSchema,
  shopSiteParamsSchema,
  shopSiteQuerySchema,
  shopSiteResponseSchema,
  shopSitesResponseSchema,
  shopTicketsRequestSchema,
  siteIdParamsSchema,
} from '@admit/contracts';
import { AppError, normalizeMobile } from '@admit/domain';
import {
  cancelShopOrder,
  createShopOrder,
  getShopCalendar,
  getShopDay,
  getShopOrder,
  getShopSettings,
  hitRateLimit,
  issueChallenge,
  listShopSites,
  outboxJobs,
  payShopOrder,
  rebookShopTickets,
  redeemChallenge,
  refundShopTickets,
  sendLookupCode,
  shopOrderCalendar,
  updateShopSettings,
  verifyLookupCode,
  shopSiteByCode,
  wechatAuthorizeRedirect,
  wechatOauthCallback,
  type ShopDeps,
} from '@admit/services';

const tags = ['shop'];

export const shopRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = app.deps.config;
  const deps: ShopDeps = {
    notices: { outbox: app.outbox, publicUrl: () => app.deps.config.publicUrl, kick: () => kickOutbox() },
  };
  const challengeSecret = createHmac('sha256', app.deps.secrets.piiLookup.current)
    .update('admit-shop-challenge')
    .digest();
  /** Messages were written: the sending job runs now rather than at its next minute. */
  const kickOutbox = () => {
    void app.deps.jobs?.send(outboxJobs.send, {}, { singletonKey: 'kick' }).catch(() => undefined);
  };

  /**
   * Counts this request against the client's limits; over any of them, a solved challenge lets it
   * through once, otherwise 429 `rate_limited` with a fresh challenge (harder the further over).
   */
  async function guard(
    request: FastifyRequest,
    action: string,
    phone: string | null,
    answer: z.infer<typeof challengeAnswerSchema> | undefined,
  ): Promise<void> {
    const ctx = request.serviceContext();
    const normalized = phone ? normalizeMobile(phone) : null;
    const rules = [
      { bucket: `shop:${action}:ip:${request.ip}`, limit: config.shopRateLimit.perIpPerMinute },
      ...(normalized
        ? [
            {
              bucket: `shop:${action}:phone:${normalized}`,
              limit: action === 'lookup' ? 1 : config.shopRateLimit.perPhonePerMinute,
            },
          ]
        : []),
    ];
    const hits = [];
    for (const rule of rules)
      hits.push({ limit: rule.limit, ...(await hitRateLimit(ctx, { ...rule, windowSeconds: 60 })) });
    const over = hits.filter((h) => !h.allowed);
    if (over.length === 0) return;
    const subject = `shop:${action}:${request.ip}`;
    if (answer && (await redeemChallenge(ctx, challengeSecret, subject, answer.token, answer.nonce))) return;
    const retryAfter = Math.max(...over.map((h) => h.retryAfterSeconds));
    // Twice the limit: two more bits of work; the puzzle grows with how far over the client is.
    const excess = Math.max(...over.map((h) => h.hits / h.limit));
    const challenge = issueChallenge(challengeSecret, subject, ctx.clock.now(), {
      difficulty: Math.min(22, 16 + Math.floor(Math.log2(Math.max(1, excess)) * 2)),
    });
    throw new AppError('rate_limited', {
      headers: { 'retry-after': String(retryAfter) },
      details: {
        retryAfterSeconds: retryAfter,
        challenge: {
          token: challenge.token,
          difficulty: challenge.difficulty,
          expiresAt: challenge.expiresAt.toISOString(),
        },
      },
    });
  }

  app.get(
    '/api/v1/shop/sites',
    {
      config: { public: true },
      schema: { tags, summary: 'Sites that sell online', response: { 200: shopSitesResponseSchema } },
    },
    async (request) => ({
      sites: (await listShopSites(request.serviceContext())).map((s) => ({
        code: s.code,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        kind: s.kind,
        addressZh: s.addressZh,
        addressEn: s.addressEn,
      })),
    }),
  );

  app.get(
    '/api/v1/shop/sites/:siteCode',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "A site's day in the shop: sessions with places left, ticket types with the online price",
        params: shopSiteParamsSchema,
        querystring: shopSiteQuerySchema,
        response: { 200: shopSiteResponseSchema },
      },
    },
    async (request) => {
      const day = await getShopDay(
        request.serviceContext(),
        app.sales,
        request.params.siteCode,
        request.query.date,
      );
      return {
        site: {
          code: day.site.code,
          nameZh: day.site.nameZh,
          nameEn: day.site.nameEn,
          kind: day.site.kind,
          addressZh: day.site.addressZh,
          addressEn: day.site.addressEn,
          timeZone: day.site.timeZone,
          noticeZh: day.settings.noticeZh,
          noticeEn: day.settings.noticeEn,
          contactPhone: day.site.contactPhone,
        },
        rules: {
          holdMinutes: app.sales.holdMinutes,
          perIdDailyLimit: day.settings.perIdDailyLimit,
          perPhoneDailyLimit: day.settings.perPhoneDailyLimit,
          freeCancelMinutesBefore: day.settings.freeCancelMinutesBefore,
          rotatingCodes: day.settings.rotatingCodes,
        },
        today: day.today,
        date: day.date,
        closed: day.closed,
        dailyRemaining: day.dailyRemaining,
        sessions: day.sessions.map((s) => ({
          ...s,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
        })),
        products: day.products,
      };
    },
  );

  app.get(
    '/api/v1/shop/sites/:siteCode/calendar',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Availability per day: available, few, sold out, closed, not released yet',
        params: shopSiteParamsSchema,
        querystring: shopCalendarQuerySchema,
        response: { 200: shopCalendarResponseSchema },
      },
    },
    async (request) =>
      getShopCalendar(request.serviceContext(), app.sales, request.params.siteCode, {
        ...(request.query.from ? { from: request.query.from } : {}),
        days: request.query.days,
      }),
  );

  app.post(
    '/api/v1/shop/sites/:siteCode/orders',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Book: the places are held while the visitor pays (a free reservation is confirmed at once)',
        params: shopSiteParamsSchema,
        body: shopOrderRequestSchema,
        response: { 201: shopOrderResponseSchema },
      },
    },
    async (request, reply) => {
      const { challenge, ...input } = request.body;
      await guard(request, 'order', input.contactPhone, challenge);
      const created = await createShopOrder(
        request.serviceContext(),
        app.sales,
        deps,
        request.params.siteCode,
        input,
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/shop/orders/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'An order with its e-tickets (rotating codes where the site uses them)',
        params: shopOrderParamsSchema,
        response: { 200: shopOrderViewSchema },
      },
    },
    async (request) => {
      return getShopOrder(request.serviceContext(), app.sales, deps, request.params.token);
    },
  );

  app.post(
    '/api/v1/shop/orders/:token/pay',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Start paying a held order at a provider (redirect, QR code or JSAPI parameters)',
        params: shopOrderParamsSchema,
        body: shopPayRequestSchema,
        response: { 200: shopPayResponseSchema },
      },
    },
    async (request) => {
      await guard(request, 'pay', null, request.body.challenge);
      const paid = await payShopOrder(request.serviceContext(), app.sales, request.params.token, {
        kind: request.body.kind,
        provider: request.body.provider ?? null,
        payerId: request.body.payerId,
        clientIp: request.ip,
        inWeChat: /MicroMessenger/i.test(request.headers['user-agent'] ?? ''),
        publicUrl: app.deps.config.publicUrl,
      });
      return { expiresAt: paid.expiresAt.toISOString(), created: paid.created };
    },
  );

  app.post(
    '/api/v1/shop/orders/:token/cancel',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Cancel an unpaid order, or a free reservation before its deadline',
        params: shopOrderParamsSchema,
        response: { 200: shopOrderViewSchema },
      },
    },
    async (request) => {
      const view = await cancelShopOrder(request.serviceContext(), app.sales, deps, request.params.token);
      kickOutbox();
      return view;
    },
  );

  app.post(
    '/api/v1/shop/orders/:token/refund',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Refund tickets within their ticket type's rules, to the way they were paid",
        params: shopOrderParamsSchema,
        body: shopTicketsRequestSchema,
        response: { 200: shopOrderViewSchema },
      },
    },
    async (request) => {
      await guard(request, 'refund', null, undefined);
      const view = await refundShopTickets(
        request.serviceContext(),
        app.sales,
        deps,
        request.params.token,
        request.body.ticketIds,
      );
      kickOutbox();
      return view;
    },
  );

  app.post(
    '/api/v1/shop/orders/:token/rebook',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Move tickets to another session within the rebooking rules (same price only)',
        params: shopOrderParamsSchema,
        body: shopRebookRequestSchema,
        response: { 200: shopOrderViewSchema },
      },
    },
    async (request) => {
      await guard(request, 'rebook', null, undefined);
      const view = await rebookShopTickets(request.serviceContext(), app.sales, deps, request.params.token, {
        ticketIds: request.body.ticketIds,
        sessionId: request.body.sessionId,
      });
      kickOutbox();
      return view;
    },
  );

  app.get(
    '/api/v1/shop/orders/:token/calendar.ics',
    {
      config: { public: true },
      schema: { tags, summary: 'The visit as a calendar event', params: shopOrderParamsSchema },
    },
    async (request, reply) => {
      const ics = await shopOrderCalendar(
        request.serviceContext(),
        app.sales,
        request.params.token,
        app.deps.config.publicUrl,
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="visit.ics"')
        .send(ics);
    },
  );

  app.post(
    '/api/v1/shop/lookup/code',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Send a one-time code by SMS to look an order up (the same answer whether it exists)',
        body: shopLookupCodeRequestSchema,
        response: { 200: shopLookupCodeResponseSchema },
      },
    },
    async (request) => {
      const { challenge, ...input } = request.body;
      await guard(request, 'lookup', input.phone, challenge);
      const sent = await sendLookupCode(request.serviceContext(), app.sales, deps.notices, input);
      kickOutbox();
      return { sent: sent.sent, expiresAt: sent.expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/shop/lookup/verify',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Check the one-time code; answers the order's access token",
        body: shopLookupVerifyRequestSchema,
        response: { 200: shopLookupVerifyResponseSchema },
      },
    },
    async (request) => {
      const { challenge, ...input } = request.body;
      await guard(request, 'verify', input.phone, challenge);
      return verifyLookupCode(request.serviceContext(), app.sales, input);
    },
  );

  app.get(
    '/api/v1/shop/wechat/authorize',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Inside WeChat: off to WeChat's web authorisation (snsapi_base) for the payer's openid",
        querystring: shopWechatAuthorizeQuerySchema,
      },
    },
    async (request, reply) => {
      const { site } = await shopSiteByCode(request.serviceContext().db, request.query.siteCode);
      const to = await wechatAuthorizeRedirect(request.serviceContext().db, app.sales, {
        siteId: site.id,
        returnPath: request.query.return,
        publicUrl: app.deps.config.publicUrl,
        now: request.serviceContext().clock.now(),
      });
      return reply.redirect(to, 302);
    },
  );

  app.get(
    '/api/v1/shop/wechat/callback',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          "WeChat's way back: the code exchanged for the openid, the browser sent back to the shop page",
        querystring: shopWechatCallbackQuerySchema,
      },
    },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const to = await wechatOauthCallback(ctx.db, app.sales, {
        code: request.query.code,
        state: request.query.state,
        now: ctx.clock.now(),
      });
      return reply.redirect(to, 302);
    },
  );

  app.get(
    '/api/v1/sites/:siteId/shop-settings',
    {
      schema: {
        tags,
        summary: "A site's online shop settings",
        params: siteIdParamsSchema,
        response: { 200: shopSettingsSchema },
      },
    },
    async (request) => getShopSettings(request.serviceContext(), request.params.siteId),
  );

  app.put(
    '/api/v1/sites/:siteId/shop-settings',
    {
      schema: {
        tags,
        summary: "Save a site's online shop settings",
        params: siteIdParamsSchema,
        body: shopSettingsSchema,
        response: { 200: shopSettingsSchema },
      },
    },
    async (request) => updateShopSettings(request.serviceContext(), request.params.siteId, request.body),
  );
};
