// Logging in, the current user, and changing one's own password and language.
import { z } from 'zod';
import { localeSchema } from './meta';

export const loginRequestSchema = z.object({
  loginName: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const grantViewSchema = z.object({
  roleId: z.uuid(),
  roleCode: z.string(),
  roleNameZh: z.string(),
  roleNameEn: z.string(),
  /** null: the grant covers all sites. */
  siteId: z.uuid().nullable(),
  siteNameZh: z.string().nullable(),
  siteNameEn: z.string().nullable(),
});
export type GrantView = z.infer<typeof grantViewSchema>;

export const meResponseSchema = z.object({
  id: z.uuid(),
  loginName: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  locale: localeSchema.nullable(),
  /** Every permission held at some site or at all sites: drives the navigation. */
  permissions: z.array(z.string()),
  grants: z.array(grantViewSchema),
  /** The double-submit token to send as X-CSRF-Token on state-changing requests (also in a cookie). */
  csrfToken: z.string(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const updateMeRequestSchema = z.object({
  locale: localeSchema.nullable(),
});

/** Cookie and header names shared by the server and the web app. */
export const authCookies = { session: 'admit_session', csrf: 'admit_csrf' } as const;
export const csrfHeader = 'x-csrf-token';
