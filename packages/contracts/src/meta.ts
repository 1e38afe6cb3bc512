// What the server says about itself to the web app and to monitoring: product, version, engine, language.
import { z } from 'zod';

export const localeSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof localeSchema>;

export const metaResponseSchema = z.object({
  product: z.literal('Admit'),
  version: z.string(),
  defaultLocale: localeSchema,
  /** `embedded` is PGlite in-process; `postgresql` is a PostgreSQL server reached through DATABASE_URL. */
  databaseEngine: z.enum(['embedded', 'postgresql']),
});
export type MetaResponse = z.infer<typeof metaResponseSchema>;
