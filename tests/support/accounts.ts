// Users for tests: made through the real services (as the system actor), with a known password and
// no forced change unless asked; and a logged-in client that sends the cookies and CSRF token.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { roles, users, type Db } from '@admit/db';
import { createUser, hashPassword, syncBuiltInRoles, systemContext } from '@admit/services';

export const testPassword = 'Ticket-Office-2026';

export async function createTestUser(
  db: Db,
  options: {
    loginName: string;
    /** Built-in role codes (BuiltInRoleCode) or the codes of custom roles made in the test. */
    roles?: string[];
    siteId?: string | null;
    mustChangePassword?: boolean;
    password?: string;
  },
): Promise<{ id: string; loginName: string; password: string }> {
  await syncBuiltInRoles(db);
  const roleRows = await db.select({ id: roles.id, code: roles.code }).from(roles);
  const grants = (options.roles ?? []).map((code) => {
    const role = roleRows.find((r) => r.code === code);
    if (!role) throw new Error(`no role ${code}`);
    return { roleId: role.id, siteId: options.siteId ?? null };
  });
  const { user } = await createUser(systemContext(db, 'test'), {
    loginName: options.loginName,
    displayName: options.loginName,
    grants,
  });
  const password = options.password ?? testPassword;
  await db
    .update(users)
    .set({
      passwordHash: await hashPassword(password),
      mustChangePassword: options.mustChangePassword ?? false,
    })
    .where(eq(users.id, user.id));
  return { id: user.id, loginName: options.loginName, password };
}

type InjectOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  payload?: unknown;
  headers?: Record<string, string>;
  csrf?: boolean;
};

/** A browser-like client: keeps the cookies it is given and sends the CSRF header unless told not to. */
export class TestClient {
  cookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance) {}

  get csrfToken(): string | undefined {
    return this.cookies.get('admit_csrf');
  }

  async request(
    url: string,
    { method = 'GET', payload, headers = {}, csrf = true }: InjectOptions = {},
  ): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrf && this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now()))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  login(loginName: string, password: string = testPassword, headers: Record<string, string> = {}) {
    return this.request('/api/v1/auth/login', { method: 'POST', payload: { loginName, password }, headers });
  }
}

export async function loggedIn(
  app: FastifyInstance,
  loginName: string,
  password: string = testPassword,
): Promise<TestClient> {
  const client = new TestClient(app);
  const res = await client.login(loginName, password);
  if (res.statusCode !== 200) throw new Error(`login as ${loginName} failed: ${res.statusCode} ${res.body}`);
  return client;
}
