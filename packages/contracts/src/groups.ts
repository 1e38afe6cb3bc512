// Tour groups (团队): the agency's booking (preview, then confirm, with the name list file sent as
// base64 in JSON both times — the list is checked again on confirmation), the group as the agency and
// the lane see it (documents masked), the lane's head count, and an agency's portal users (listed,
// linked, unlinked).
import { z } from 'zod';

const civilDate = z.iso.date();

export const groupParamsSchema = z.object({ siteId: z.uuid(), groupId: z.uuid() });
export const groupCodeParamsSchema = z.object({ siteId: z.uuid(), code: z.string().trim().min(1).max(20) });
export const groupListQuerySchema = z.object({ from: civilDate.optional(), to: civilDate.optional() });
export const groupOptionsQuerySchema = z.object({ date: civilDate.optional() });
export const groupTemplateQuerySchema = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

export const groupBookingRequestSchema = z.object({
  /** Back-office staff name the agency; a portal user books for their own (leave it out). */
  agencyId: z.uuid().nullable().default(null),
  visitDate: civilDate,
  sessionId: z.uuid().nullable().default(null),
  name: z.string().trim().max(100).default(''),
  productId: z.uuid().nullable().default(null),
  fileName: z.string().trim().max(200).default(''),
  /** The xlsx or CSV file, base64 (at most 512 KiB before encoding). */
  contentBase64: z.string().min(1).max(700_000),
  /** Confirm only: book the valid rows and leave the bad ones out. */
  acceptErrors: z.boolean().default(false),
});
export type GroupBookingRequest = z.input<typeof groupBookingRequestSchema>;

const memberRoleSchema = z.enum(['visitor', 'guide', 'driver']);
const columnSchema = z.enum(['serial', 'name', 'documentKind', 'documentNumber', 'role', 'guideLicence']);

export const groupPreviewSchema = z.object({
  agencyId: z.uuid(),
  members: z.array(
    z.object({
      row: z.number().int(),
      serial: z.string(),
      name: z.string(),
      role: memberRoleSchema,
      documentKind: z.string(),
      document: z.string(),
    }),
  ),
  errors: z.array(
    z.object({
      row: z.number().int(),
      column: columnSchema,
      code: z.string(),
      duplicateOf: z.number().int().optional(),
      message: z.string(),
    }),
  ),
  problems: z.array(
    z.object({
      code: z.string(),
      column: columnSchema.optional(),
      limit: z.number().int().optional(),
      message: z.string(),
    }),
  ),
  counts: z.object({ visitors: z.number().int(), guides: z.number().int(), drivers: z.number().int() }),
  quote: z.array(
    z.object({
      productId: z.uuid(),
      productNameZh: z.string(),
      productNameEn: z.string(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
      amount: z.number().int(),
      explanation: z.record(z.string(), z.unknown()),
    }),
  ),
  total: z.number().int(),
  available: z.number().int(),
});
export type GroupPreviewView = z.infer<typeof groupPreviewSchema>;

export const groupStatusSchema = z.enum(['booked', 'admitted', 'closed', 'cancelled']);

export const groupSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  siteId: z.uuid(),
  timeZone: z.string(),
  agencyId: z.uuid(),
  agencyName: z.string(),
  visitDate: civilDate,
  sessionId: z.uuid().nullable(),
  sessionStartsAt: z.iso.datetime().nullable(),
  sessionEndsAt: z.iso.datetime().nullable(),
  orderId: z.uuid(),
  orderNumber: z.string(),
  total: z.number().int(),
  status: groupStatusSchema,
  visitors: z.number().int(),
  guides: z.number().int(),
  drivers: z.number().int(),
  admittedCount: z.number().int().nullable(),
  admittedAt: z.iso.datetime().nullable(),
  noShows: z.number().int(),
  noShowRefund: z.number().int(),
  settledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type GroupSummaryView = z.infer<typeof groupSummarySchema>;

export const groupViewSchema = groupSummarySchema.extend({
  admissible: z.number().int(),
  members: z.array(
    z.object({
      row: z.number().int(),
      name: z.string(),
      role: memberRoleSchema,
      documentKind: z.string(),
      document: z.string(),
      ticketNumber: z.string(),
      ticketStatus: z.string(),
      admitted: z.boolean(),
      price: z.number().int(),
    }),
  ),
});
export type GroupView = z.infer<typeof groupViewSchema>;

export const groupAdmitRequestSchema = z.object({
  headCount: z.number().int(),
  gateId: z.uuid().nullable().default(null),
});

export const groupOptionsSchema = z.object({
  timeZone: z.string(),
  today: civilDate,
  date: civilDate,
  /** The portal user's own agency, or null for back-office staff (who choose from `agencies`). */
  agency: z
    .object({ id: z.uuid(), code: z.string(), name: z.string(), available: z.number().int() })
    .nullable(),
  agencies: z.array(
    z.object({ id: z.uuid(), code: z.string(), name: z.string(), available: z.number().int() }),
  ),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
      nameZh: z.string(),
      nameEn: z.string(),
      remaining: z.number().int(),
    }),
  ),
});
export type GroupOptionsView = z.infer<typeof groupOptionsSchema>;

export const agencyUserLinkSchema = z.object({ userId: z.uuid() });
export const agencyUserParamsSchema = z.object({ siteId: z.uuid(), agencyId: z.uuid() });
export const agencyPortalUserParamsSchema = agencyUserParamsSchema.extend({ userId: z.uuid() });

/** A login linked to an agency: it books that agency's groups in the portal. */
export const agencyPortalUserSchema = z.object({
  userId: z.uuid(),
  loginName: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  linkedAt: z.iso.datetime(),
});
export type AgencyPortalUserView = z.infer<typeof agencyPortalUserSchema>;
