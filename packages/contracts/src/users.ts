// User management: security administrators create users, disable them, reset passwords and grant
// roles per site.
import { z } from 'zod';

export const loginNameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]*$/,
    'letters, digits and . _ @ - only, starting with a letter or digit',
  );

export const grantInputSchema = z.object({
  roleId: z.uuid(),
  /** null grants the role for all sites. */
  siteId: z.uuid().nullable(),
});
export type GrantInput = z.infer<typeof grantInputSchema>;

export const userSummarySchema = z.object({
  id: z.uuid(),
  loginName: z.string(),
  displayName: z.string(),
  /** Masked (138****5678) unless the caller holds pii.read and asked to reveal it. */
  phone: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  roles: z.array(
    z.object({
      roleId: z.uuid(),
      roleCode: z.string(),
      roleNameZh: z.string(),
      roleNameEn: z.string(),
      siteId: z.uuid().nullable(),
    }),
  ),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const userListQuerySchema = z.object({
  q: z.string().trim().max(64).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const userListResponseSchema = z.object({ users: z.array(userSummarySchema) });

export const createUserRequestSchema = z.object({
  loginName: loginNameSchema,
  displayName: z.string().trim().min(1).max(64),
  phone: z.string().trim().max(32).optional(),
  grants: z.array(grantInputSchema).max(50).default([]),
});

export const createUserResponseSchema = z.object({
  user: userSummarySchema,
  /** Shown once to the administrator to hand over; the user must change it at first login. */
  temporaryPassword: z.string(),
});

export const updateUserRequestSchema = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  phone: z.string().trim().max(32).nullable().optional(),
});

export const resetPasswordResponseSchema = z.object({ temporaryPassword: z.string() });

export const setUserGrantsRequestSchema = z.object({ grants: z.array(grantInputSchema).max(50) });

export const userIdParamsSchema = z.object({ id: z.uuid() });

export const revealPhoneResponseSchema = z.object({ phone: z.string().nullable() });
