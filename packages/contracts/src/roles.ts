// Roles and the permission catalogue (the matrix view), and custom roles.
import { z } from 'zod';

export const permissionViewSchema = z.object({
  code: z.string(),
  area: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
});

export const permissionCatalogueResponseSchema = z.object({
  areas: z.array(z.object({ code: z.string(), labelZh: z.string(), labelEn: z.string() })),
  permissions: z.array(permissionViewSchema),
});

export const roleViewSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  builtIn: z.boolean(),
  permissions: z.array(z.string()),
  userCount: z.number().int(),
});
export type RoleView = z.infer<typeof roleViewSchema>;

export const roleListResponseSchema = z.object({ roles: z.array(roleViewSchema) });

export const roleCodeSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ only, starting with a letter');

export const createRoleRequestSchema = z.object({
  code: roleCodeSchema,
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(60),
  descriptionZh: z.string().trim().max(200).default(''),
  descriptionEn: z.string().trim().max(200).default(''),
  permissions: z.array(z.string()).max(100),
});

export const updateRoleRequestSchema = createRoleRequestSchema.omit({ code: true }).partial();

export const roleIdParamsSchema = z.object({ id: z.uuid() });

export const siteListResponseSchema = z.object({
  sites: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      timeZone: z.string(),
    }),
  ),
});
