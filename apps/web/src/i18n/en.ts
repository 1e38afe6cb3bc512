// English. Same keys as zh-CN.ts; the Messages type rejects missing or extra keys.
import type { Messages } from './zh-CN';

export const en: Messages = {
  app: {
    product: 'Admit',
    subtitle: 'Ticketing platform',
    documentTitle: 'Admit · Ticketing platform',
    skipToContent: 'Skip to main content',
  },
  locale: {
    switchLabel: '中文',
    switchHint: 'Switch to Chinese (shortcut Alt+L)',
  },
  status: {
    title: 'System status',
    version: 'Version',
    databaseEngine: 'Database',
    engine: {
      embedded: 'Embedded database (PGlite, single machine)',
      postgresql: 'PostgreSQL server',
    },
    readiness: 'Readiness',
    ready: 'Ready',
    notReady: 'Not ready',
    database: 'Database connection',
    databaseOk: 'OK',
    databaseUnreachable: 'Unreachable',
    migrations: 'Database migrations',
    migrationsCurrent: 'Up to date',
    migrationsPending: 'Migrations pending',
    migrationsUnknown: 'Unknown',
    pendingMigrations: 'Pending migrations',
    loading: 'Loading…',
    loadFailed: 'Could not read the server status',
    retry: 'Retry',
  },
  areas: {
    title: 'Areas',
    comingSoon: 'Coming soon',
    boxOffice: {
      title: 'Box office',
      description: 'Sell, print, refund and rebook tickets; open and close shifts.',
    },
    gate: { title: 'Gate', description: 'Check tickets at gates and turnstiles, also offline.' },
    catalog: { title: 'Catalog', description: 'Sites, ticket types, prices, sessions and capacity.' },
    orders: { title: 'Orders', description: 'Look up orders, reprint tickets, see refunds and rebookings.' },
    finance: { title: 'Finance', description: 'Daily settlement, reconciliation, vouchers and invoices.' },
    reports: { title: 'Reports', description: 'Sales, admissions and visitor statistics.' },
    admin: { title: 'Admin', description: 'Users, roles and permissions, devices and settings.' },
  },
  links: {
    title: 'Developers',
    apiDocs: 'API documentation',
    apiDocsHint: 'OpenAPI reference for channels and integrations.',
  },
  notFound: {
    title: 'Page not found',
    description: 'This page does not exist or is not available yet.',
    backHome: 'Back to the start page',
  },
  errors: {
    network: 'Cannot reach the server. Check the network.',
    unexpected: 'The server sent a response that could not be understood.',
  },
};
