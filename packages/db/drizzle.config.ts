import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a reviewed SQL migration for schema changes; the runner in
// src/migrate.ts applies them. Migrations are forward-only.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema/index.ts',
  out: './packages/db/migrations',
});
