// Builds the Fastify application without listening (server.ts listens), so tests drive it with
// inject(). Plugins register in a fixed order: framework and security → app plugins → routes.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from '@admit/domain';
import { newId, type AdmitDatabase } from '@admit/db';
import {
  configurePrintFont,
  createSalesRuntime,
  PaymentProviders,
  SimulatorProvider,
  startPaymentSimulator,
  type RunningSimulator,
  type NotificationLog,
  type Outbox,
  systemClock,
  type Clock,
  type JobQueue,
  type SalesRuntime,
} from '@admit/services';
import type { Config } from './config';
import type { Secrets } from './secrets';
import { registerErrorHandling, sendError } from './plugins/errors';
import { registerRequestContext } from './plugins/request-context';
import { registerIdempotency } from './plugins/idempotency';
import { registerWebApp } from './plugins/web';
import { registerAuth } from './plugins/auth';
import { authRoutes } from './routes/auth';
import { userRoutes } from './routes/users';
import { roleRoutes } from './routes/roles';
import { auditRoutes } from './routes/audit';
import { catalogRoutes } from './routes/catalog';
import { salesRoutes } from './routes/sales';
import { afterSaleRoutes } from './routes/after-sale';
import { gateRoutes } from './routes/gate';
import { deviceRoutes } from './routes/devices';
import { paymentRoutes } from './routes/payments';
import { notificationRoutes } from './routes/notifications';
import { shopRoutes } from './routes/shop';
import { channelRoutes } from './routes/channels';
import { groupRoutes } from './routes/groups';
import { webhookRoutes } from './routes/webhooks';
import { financeRoutes } from './routes/finance';
import { reconciliationRoutes } from './routes/reconciliation';
import { reportRoutes } from './routes/reports';
import { notificationChannels } from './notifications';
import { healthRoutes } from './routes/health';
import { metaRoutes } from './routes/meta';
import { productVersion } from './version';

export type AppDeps = {
  config: Config;
  database: AdmitDatabase;
  secrets: Secrets;
  jobs?: JobQueue;
  clock?: Clock;
  /** The sale path's runtime (tests pass one to control payment providers or capacity). */
  sales?: SalesRuntime;
  /** Extra routes (tests register probe routes here before the app is sealed). */
  extraRoutes?: (app: FastifyInstance) => Promise<void> | void;
};

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    sales: SalesRuntime;
    /** The installation's payment simulator when it runs (training switches its notification faults). */
    paymentSimulator: RunningSimulator | null;
    /** Where SMS and email go: the outbox's channels, and the log channel's messages if it is used. */
    outbox: Outbox;
    notificationLog: NotificationLog | null;
  }
}

const requestIdPattern = /^[A-Za-z0-9._:-]{8,128}$/;

export function contentSecurityPolicy(tls: boolean): Record<string, string[] | null> {
  return {
    // Upgrading would break a plain-HTTP LAN install (http://192.168.x.x:8080) where no TLS exists.
    upgradeInsecureRequests: tls ? [] : null,
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const options: FastifyServerOptions = {
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
          },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : newId();
    },
    routerOptions: { ignoreTrailingSlash: true },
  };
  const app = Fastify({
    ...options,
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
  } as FastifyServerOptions).withTypeProvider<ZodTypeProvider>();
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // 1. Framework and security plugins.
  registerErrorHandling(app);
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: { directives: contentSecurityPolicy(config.tls !== null) },
    hsts: config.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Admit API',
        description: 'Ticketing for venues, scenic areas and transport operators.',
        version: productVersion,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  if (config.printFont) configurePrintFont(config.printFont);
  // The payment simulator stands in for the payment-code providers until real ones are configured.
  let sales = deps.sales;
  let paymentSimulator: RunningSimulator | null = null;
  if (!sales) {
    let payments = new PaymentProviders({});
    if (config.paymentSimulator) {
      const simulator = await startPaymentSimulator({ passwordMs: config.simulatorPasswordMs });
      paymentSimulator = simulator;
      app.addHook('onClose', () => simulator.close());
      const provider = new SimulatorProvider(simulator.url, simulator.secret);
      payments = new PaymentProviders({ wechat: provider, alipay: provider });
    }
    sales = createSalesRuntime({
      encryption: deps.secrets.piiEncryption,
      lookup: deps.secrets.piiLookup,
      payments,
      catalogCacheMs: config.catalogCacheMs,
      holdMinutes: config.holdMinutes,
    });
  }
  app.decorate('sales', sales);
  app.decorate('paymentSimulator', paymentSimulator);
  const notify = notificationChannels(config);
  app.decorate('outbox', {
    channels: notify.channels,
    ring: () => deps.secrets.piiEncryption,
  } satisfies Outbox);
  app.decorate('notificationLog', notify.log);

  // 2. Application plugins.
  registerRequestContext(app, {
    db: database.db,
    clock: deps.clock ?? systemClock,
    defaultLocale: config.defaultLocale,
    keys: {
      piiEncryption: deps.secrets.piiEncryption,
      piiLookup: deps.secrets.piiLookup,
      auditSeal: deps.secrets.auditSeal,
    },
  });
  await registerAuth(app, {
    policy: config.auth,
    secureCookies: config.tls !== null || config.publicUrl.startsWith('https://'),
  });
  registerIdempotency(app);
  const web = await registerWebApp(app, config.webDistDir);
  app.setNotFoundHandler((request, reply) =>
    web.wantsPage(request)
      ? web.sendPage(reply)
      : sendError(
          request,
          reply,
          new AppError('route_not_found', { details: { method: request.method, url: request.url } }),
        ),
  );

  // 3. Routes.
  await app.register(healthRoutes);
  await app.register(
    authRoutes({ policy: config.auth, loginRateLimitPerMinute: config.auth.loginRateLimitPerMinute }),
  );
  await app.register(userRoutes);
  await app.register(roleRoutes);
  await app.register(auditRoutes);
  await app.register(catalogRoutes);
  await app.register(salesRoutes);
  await app.register(afterSaleRoutes);
  await app.register(gateRoutes);
  await app.register(deviceRoutes);
  await app.register(paymentRoutes);
  await app.register(notificationRoutes);
  await app.register(shopRoutes);
  await app.register(channelRoutes);
  await app.register(groupRoutes);
  await app.register(webhookRoutes);
  await app.register(financeRoutes);
  await app.register(reconciliationRoutes);
  await app.register(reportRoutes);
  await app.register(
    metaRoutes({
      product: 'Admit',
      version: productVersion,
      defaultLocale: config.defaultLocale,
      databaseEngine: database.engine,
    }),
  );
  if (deps.extraRoutes) await app.register(async (scope) => deps.extraRoutes?.(scope));

  await app.ready();
  return app;
}
