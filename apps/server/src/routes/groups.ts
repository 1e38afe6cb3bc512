// Tour groups: the agency portal's booking (template, options for a date, preview, confirm —
// Idempotency-Key required, it draws on the agency's account — list and detail), the group lane
// (look a code up, admit a head count) and an agency's portal users (list, link, unlink — whoever
// manages users). Routes validate and
// call the services, which check permissions and own the transactions and audit rows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agencyPortalUserParamsSchema,
  agencyPortalUserSchema,
  agencyUserLinkSchema,
  agencyUserParamsSchema,
  groupAdmitRequestSchema,
  groupBookingRequestSchema,
  groupCodeParamsSchema,
  groupListQuerySchema,
  groupOptionsQuerySchema,
  groupOptionsSchema,
  groupParamsSchema,
  groupPreviewSchema,
  groupSummarySchema,
  groupTemplateQuerySchema,
  groupViewSchema,
  siteIdParamsSchema,
  type GroupSummaryView,
  type GroupView as GroupViewBody,
} from '@admit/contracts';
import {
  admitGroup,
  bookGroup,
  findGroupForLane,
  groupBookingOptions,
  linkAgencyUser,
  listAgencyUsers,
  listGroups,
  loadGroup,
  nameListTemplateCsv,
  nameListTemplateXlsx,
  previewGroupBooking,
  requirePermission,
  unlinkAgencyUser,
  type GroupSummary,
  type GroupView,
} from '@admit/services';

const tags = ['groups'];

const iso = (d: Date | null) => d?.toISOString() ?? null;

const presentSummary = (g: GroupSummary): GroupSummaryView => ({
  ...g,
  sessionStartsAt: iso(g.sessionStartsAt),
  sessionEndsAt: iso(g.sessionEndsAt),
  admittedAt: iso(g.admittedAt),
  settledAt: iso(g.settledAt),
  createdAt: g.createdAt.toISOString(),
});

const presentGroup = (g: GroupView): GroupViewBody => ({
  ...presentSummary(g),
  admissible: g.admissible,
  members: g.members.map((m) => ({
    row: m.row,
    name: m.name,
    role: m.role,
    documentKind: m.documentKind,
    document: m.document,
    ticketNumber: m.ticketNumber,
    ticketStatus: m.ticketStatus,
    admitted: m.admitted,
    price: m.price,
  })),
});

export const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = '/api/v1/sites/:siteId';

  app.get(
    `${base}/groups/template`,
    {
      schema: {
        tags,
        summary: 'The name list template (序号, 姓名, 证件类型, 证件号码, 身份, 导游证号) as xlsx or CSV',
        params: siteIdParamsSchema,
        querystring: groupTemplateQuerySchema,
      },
    },
    async (request, reply) => {
      await requirePermission(request.serviceContext(), 'groups.book', request.params.siteId);
      const xlsx = request.query.format === 'xlsx';
      const name = encodeURIComponent(`团队名单模板.${request.query.format}`);
      reply
        .header(
          'content-type',
          xlsx
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        )
        .header(
          'content-disposition',
          `attachment; filename="group-list.${request.query.format}"; filename*=UTF-8''${name}`,
        );
      return xlsx ? nameListTemplateXlsx() : nameListTemplateCsv();
    },
  );

  app.get(
    `${base}/groups/options`,
    {
      schema: {
        tags,
        summary: 'What the booking form offers for a date: the agency and the sessions with places',
        params: siteIdParamsSchema,
        querystring: groupOptionsQuerySchema,
        response: { 200: groupOptionsSchema },
      },
    },
    async (request) => {
      const o = await groupBookingOptions(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        request.query.date ?? null,
      );
      return {
        ...o,
        sessions: o.sessions.map((s) => ({
          ...s,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
        })),
      };
    },
  );

  const bookingInput = (body: z.infer<typeof groupBookingRequestSchema>) => ({
    agencyId: body.agencyId,
    visitDate: body.visitDate,
    sessionId: body.sessionId,
    name: body.name,
    productId: body.productId,
    file: Buffer.from(body.contentBase64, 'base64'),
  });

  app.post(
    `${base}/groups/preview`,
    {
      schema: {
        tags,
        summary: 'Check a name list and price the group; changes nothing',
        params: siteIdParamsSchema,
        body: groupBookingRequestSchema,
        response: { 200: groupPreviewSchema },
      },
    },
    async (request) =>
      previewGroupBooking(
        request.serviceContext(),
        app.sales,
        request.params.siteId,
        bookingInput(request.body),
      ),
  );

  app.post(
    `${base}/groups`,
    {
      schema: {
        tags,
        summary:
          'Book the group with the list’s valid rows, on the agency’s account (Idempotency-Key required)',
        params: siteIdParamsSchema,
        body: groupBookingRequestSchema,
        response: { 201: groupViewSchema },
      },
      config: { idempotent: true },
    },
    async (request, reply) => {
      const group = await bookGroup(request.serviceContext(), app.sales, request.params.siteId, {
        ...bookingInput(request.body),
        acceptErrors: request.body.acceptErrors,
      });
      reply.code(201);
      return presentGroup(group);
    },
  );

  app.get(
    `${base}/groups`,
    {
      schema: {
        tags,
        summary: 'The site’s tour groups (an agency’s portal user: its own)',
        params: siteIdParamsSchema,
        querystring: groupListQuerySchema,
        response: { 200: z.array(groupSummarySchema) },
      },
    },
    async (request) =>
      (await listGroups(request.serviceContext(), request.params.siteId, request.query)).map(presentSummary),
  );

  app.get(
    `${base}/groups/:groupId`,
    {
      schema: {
        tags,
        summary: 'A tour group with its name list',
        params: groupParamsSchema,
        response: { 200: groupViewSchema },
      },
    },
    async (request) =>
      presentGroup(
        await loadGroup(request.serviceContext(), app.sales, request.params.siteId, request.params.groupId),
      ),
  );

  app.get(
    `${base}/group-lane/:code`,
    {
      schema: {
        tags,
        summary: 'The group lane: a group by its code',
        params: groupCodeParamsSchema,
        response: { 200: groupViewSchema },
      },
    },
    async (request) =>
      presentGroup(
        await findGroupForLane(
          request.serviceContext(),
          app.sales,
          request.params.siteId,
          request.params.code,
        ),
      ),
  );

  app.post(
    `${base}/group-lane/:code/admit`,
    {
      schema: {
        tags,
        summary: 'Admit a group with a head count (once); the rest of its list are no-shows',
        params: groupCodeParamsSchema,
        body: groupAdmitRequestSchema,
        response: { 200: groupViewSchema },
      },
    },
    async (request) =>
      presentGroup(
        await admitGroup(
          request.serviceContext(),
          app.sales,
          request.params.siteId,
          request.params.code,
          request.body,
        ),
      ),
  );

  app.get(
    `${base}/agencies/:agencyId/portal-users`,
    {
      schema: {
        tags,
        summary: 'The users linked to the agency (its portal logins)',
        params: agencyUserParamsSchema,
        response: { 200: z.array(agencyPortalUserSchema) },
      },
    },
    async (request) =>
      (await listAgencyUsers(request.serviceContext(), request.params.siteId, request.params.agencyId)).map(
        (u) => ({
          userId: u.userId,
          loginName: u.loginName,
          displayName: u.displayName,
          status: u.status,
          linkedAt: u.linkedAt.toISOString(),
        }),
      ),
  );

  app.post(
    `${base}/agencies/:agencyId/portal-users`,
    {
      schema: {
        tags,
        summary: 'Link a user to the agency: they book its groups in the portal',
        params: agencyUserParamsSchema,
        body: agencyUserLinkSchema,
      },
    },
    async (request, reply) => {
      await linkAgencyUser(
        request.serviceContext(),
        request.params.siteId,
        request.params.agencyId,
        request.body.userId,
      );
      reply.code(204);
    },
  );

  app.delete(
    `${base}/agencies/:agencyId/portal-users/:userId`,
    {
      schema: {
        tags,
        summary: 'Unlink a user from the agency: they no longer book its groups',
        params: agencyPortalUserParamsSchema,
      },
    },
    async (request, reply) => {
      await unlinkAgencyUser(
        request.serviceContext(),
        request.params.siteId,
        request.params.agencyId,
        request.params.userId,
      );
      reply.code(204);
    },
  );
};
