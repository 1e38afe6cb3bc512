// What the web app needs to know about this server before anyone logs in.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaResponseSchema, type MetaResponse } from '@admit/contracts';

export function metaRoutes(meta: MetaResponse): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/meta',
      {
        config: { public: true },
        schema: {
          tags: ['meta'],
          summary: 'Product, version, default language and database engine',
          response: { 200: metaResponseSchema },
        },
      },
      () => meta,
    );
  };
}
