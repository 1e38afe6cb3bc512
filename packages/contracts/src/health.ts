// Liveness and readiness probes for load balancers and orchestrators.
import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok') });

export const readinessResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['current', 'pending', 'unknown']),
  }),
  pendingMigrations: z.array(z.string()),
});
export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;
