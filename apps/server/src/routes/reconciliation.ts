// Reconciliation with payment providers (对账), under /api/v1/finance/reconciliation: importing a
// statement (the file as base64 in JSON, like the group name lists), the runs and their items,
// resolving a discrepancy, saved column mappings, and the simulator's statement in Alipay's format.
// Routes validate and call the services, which check `finance.reconcile` at the site and own the
// transactions and audit rows.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  reconciliationImportRequestSchema,
  reconciliationImportResultSchema,
  reconciliationItemListQuerySchema,
  reconciliationItemPageSchema,
  reconciliationItemParamsSchema,
  reconciliationItemSchema,
  reconciliationResolveRequestSchema,
  reconciliationRunListQuerySchema,
  reconciliationRunParamsSchema,
  reconciliationRunSchema,
  reconciliationSiteQuerySchema,
  simulatorStatementQuerySchema,
  statementMappingParamsSchema,
  statementMappingRequestSchema,
  statementMappingSchema,
  type ReconciliationItemView,
  type ReconciliationRunView,
  type StatementMappingView,
} from '@admit/contracts';
import {
  deleteStatementMapping,
  getReconciliationRun,
  importStatement,
  listReconciliationItems,
  listReconciliationRuns,
  listStatementMappings,
  resolveReconciliationItem,
  saveStatementMapping,
  simulatorStatement,
  type ReconciliationItemRecord,
  type ReconciliationRunRecord,
  type StatementMappingRecord,
} from '@admit/services';

const tags = ['reconciliation'];
const base = '/api/v1/finance/reconciliation';

const presentRun = (r: ReconciliationRunRecord): ReconciliationRunView => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
});

const presentItem = (i: ReconciliationItemRecord): ReconciliationItemView => ({
  ...i,
  ourAt: i.ourAt?.toISOString() ?? null,
  resolvedAt: i.resolvedAt?.toISOString() ?? null,
});

const presentMapping = (m: StatementMappingRecord): StatementMappingView => ({
  id: m.id,
  siteId: m.siteId,
  name: m.name,
  mapping: {
    providerReference: m.mapping.providerReference,
    ourReference: m.mapping.ourReference,
    paymentReference: m.mapping.paymentReference ?? null,
    amount: m.mapping.amount,
    amountUnit: m.mapping.amountUnit,
    kind: m.mapping.kind
      ? { ...m.mapping.kind, payment: [...m.mapping.kind.payment], refund: [...m.mapping.kind.refund] }
      : null,
    status: m.mapping.status
      ? {
          column: m.mapping.status.column,
          values: Object.fromEntries(
            Object.entries(m.mapping.status.values ?? {}).map(([k, v]) => [k, [...(v ?? [])]]),
          ),
        }
      : null,
    time: m.mapping.time,
    ...(m.mapping.timeZone === undefined ? {} : { timeZone: m.mapping.timeZone }),
    ...(m.mapping.headerLine === undefined ? {} : { headerLine: m.mapping.headerLine }),
    delimiter: m.mapping.delimiter ?? ',',
  },
  createdAt: m.createdAt.toISOString(),
});

/** The statement file as base64: 8 MiB of file is about 11 MiB of JSON. */
const importBodyLimit = 12 * 1024 * 1024;

export const reconciliationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    `${base}/runs`,
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary: 'Import a provider’s statement and reconcile it with our payments and refunds',
        description:
          'The file as downloaded — Alipay’s bill (GBK CSV, or the zip with the detail and summary files), ' +
          'WeChat Pay’s trade bill, or any CSV with a column mapping (saved: mappingId; or inline) — base64 in ' +
          '`contentBase64`. A file that cannot be used changes nothing; lines that cannot be read are listed ' +
          'on the run. The same file again for the site is refused (reconciliation_already_imported) unless ' +
          '`force`. See docs/reconciliation.md.',
        body: reconciliationImportRequestSchema,
        response: { 201: reconciliationImportResultSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await importStatement(request.serviceContext(), {
        siteId: body.siteId,
        format: body.format,
        provider: body.provider,
        mappingId: body.mappingId,
        mapping: body.mapping,
        periodFrom: body.periodFrom,
        periodTo: body.periodTo,
        fileName: body.fileName,
        content: Buffer.from(body.contentBase64, 'base64'),
        force: body.force,
      });
      reply.code(201);
      return { run: presentRun(result.run), duplicateOf: result.duplicateOf };
    },
  );

  app.get(
    `${base}/runs`,
    {
      schema: {
        tags,
        summary: 'A site’s reconciliation runs, newest first (without their parse errors)',
        querystring: reconciliationRunListQuerySchema,
        response: { 200: z.array(reconciliationRunSchema) },
      },
    },
    async (request) =>
      (
        await listReconciliationRuns(request.serviceContext(), request.query.siteId, {
          limit: request.query.limit,
        })
      ).map(presentRun),
  );

  app.get(
    `${base}/runs/:runId`,
    {
      schema: {
        tags,
        summary: 'One run: its period, counts per outcome, open discrepancies and parse errors',
        params: reconciliationRunParamsSchema,
        querystring: reconciliationSiteQuerySchema,
        response: { 200: reconciliationRunSchema },
      },
    },
    async (request) =>
      presentRun(
        await getReconciliationRun(request.serviceContext(), request.query.siteId, request.params.runId),
      ),
  );

  app.get(
    `${base}/runs/:runId/items`,
    {
      schema: {
        tags,
        summary: 'A run’s items, filtered by outcome and by whether they wait for a resolution',
        params: reconciliationRunParamsSchema,
        querystring: reconciliationItemListQuerySchema,
        response: { 200: reconciliationItemPageSchema },
      },
    },
    async (request) => {
      const { siteId, outcome, open, after, limit } = request.query;
      const page = await listReconciliationItems(request.serviceContext(), siteId, request.params.runId, {
        outcome,
        open: open === undefined ? undefined : open === 'true',
        after,
        limit,
      });
      return { items: page.items.map(presentItem), next: page.next };
    },
  );

  app.post(
    `${base}/items/:itemId/resolve`,
    {
      schema: {
        tags,
        summary: 'Resolve a discrepancy with a kind and a note (once: a second resolution gets 409)',
        params: reconciliationItemParamsSchema,
        body: reconciliationResolveRequestSchema,
        response: { 200: reconciliationItemSchema },
      },
    },
    async (request) => {
      const { siteId, resolution, note, adjustmentId } = request.body;
      return presentItem(
        await resolveReconciliationItem(request.serviceContext(), siteId, request.params.itemId, {
          resolution,
          note,
          adjustmentId,
        }),
      );
    },
  );

  app.get(
    `${base}/mappings`,
    {
      schema: {
        tags,
        summary: 'The site’s saved CSV column mappings',
        querystring: reconciliationSiteQuerySchema,
        response: { 200: z.array(statementMappingSchema) },
      },
    },
    async (request) =>
      (await listStatementMappings(request.serviceContext(), request.query.siteId)).map(presentMapping),
  );

  app.post(
    `${base}/mappings`,
    {
      schema: {
        tags,
        summary: 'Save a CSV column mapping under a name unique at the site',
        body: statementMappingRequestSchema,
        response: { 201: statementMappingSchema },
      },
    },
    async (request, reply) => {
      const { siteId, name, mapping } = request.body;
      const saved = await saveStatementMapping(request.serviceContext(), siteId, null, { name, mapping });
      reply.code(201);
      return presentMapping(saved);
    },
  );

  app.put(
    `${base}/mappings/:mappingId`,
    {
      schema: {
        tags,
        summary: 'Change a saved column mapping',
        params: statementMappingParamsSchema,
        body: statementMappingRequestSchema,
        response: { 200: statementMappingSchema },
      },
    },
    async (request) => {
      const { siteId, name, mapping } = request.body;
      return presentMapping(
        await saveStatementMapping(request.serviceContext(), siteId, request.params.mappingId, {
          name,
          mapping,
        }),
      );
    },
  );

  app.delete(
    `${base}/mappings/:mappingId`,
    {
      schema: {
        tags,
        summary: 'Delete a saved column mapping',
        params: statementMappingParamsSchema,
        querystring: reconciliationSiteQuerySchema,
      },
    },
    async (request, reply) => {
      await deleteStatementMapping(request.serviceContext(), request.query.siteId, request.params.mappingId);
      reply.code(204);
    },
  );

  app.get(
    `${base}/simulator-statement`,
    {
      schema: {
        tags,
        summary: 'The payment simulator’s statement for a period, in Alipay’s trade detail format (GBK)',
        description:
          'The simulator’s payments and refunds at the site that succeeded on the days from–to (the site’s ' +
          'zone, at most 31), as Alipay’s 业务明细 CSV in GBK, or (format=zip) zipped with a summary as ' +
          'Alipay’s download is. Import it with provider `simulator`.',
        querystring: simulatorStatementQuerySchema,
      },
    },
    async (request, reply) => {
      const { siteId, from, to, format } = request.query;
      const file = await simulatorStatement(request.serviceContext(), siteId, { from, to }, format);
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_');
      reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        );
      return file.body;
    },
  );
};
