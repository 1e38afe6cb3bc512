// The side navigation: each area, the permission that shows it, and its Alt+digit shortcut. Shortcut
// digits are fixed per area (not per position) so training material can name them for every role.
import type { Messages } from '../i18n/index';

export type NavArea = keyof Messages['shell']['nav']['items'];

export type NavItem = {
  area: NavArea;
  path: string;
  /** Alt+<digit>; null for the few areas beyond the ten digits (reached from the menu or by Tab). */
  shortcut: number | null;
  /** Shown when the user holds any of these. An empty list means everyone who is logged in. */
  anyOf: readonly string[];
};

export const navItems: readonly NavItem[] = [
  { area: 'home', path: '/', shortcut: 0, anyOf: [] },
  { area: 'boxOffice', path: '/sell', shortcut: 1, anyOf: ['orders.sell'] },
  // Agencies: who sells to them, who settles with them, and who links their portal users.
  {
    area: 'agencies',
    path: '/agencies',
    shortcut: null,
    anyOf: ['channels.manage', 'finance.settle', 'users.manage'],
  },
  // Channel partners (OTAs, resellers) and the API keys they sell with.
  { area: 'channels', path: '/channels', shortcut: null, anyOf: ['channels.manage'] },
  // Tour groups: the agency portal's bookings, and the staffed lane that admits a group by its code.
  { area: 'groups', path: '/groups', shortcut: null, anyOf: ['groups.book'] },
  { area: 'gate', path: '/gate', shortcut: 2, anyOf: ['checkin.redeem'] },
  { area: 'groupLane', path: '/group-lane', shortcut: null, anyOf: ['checkin.redeem'] },
  { area: 'catalog', path: '/catalog', shortcut: 3, anyOf: ['catalog.read'] },
  // The devices of a site's gates, beside the site's configuration.
  { area: 'devices', path: '/devices', shortcut: null, anyOf: ['devices.manage'] },
  // The site's accounts at the payment providers, with the rest of the site's configuration.
  { area: 'payments', path: '/payments', shortcut: null, anyOf: ['settings.manage'] },
  // What went out by SMS and email (one-time codes, e-tickets), failures first.
  { area: 'notifications', path: '/notifications', shortcut: null, anyOf: ['settings.manage'] },
  // The look-up (查询) is the seller's as much as the back office's.
  { area: 'orders', path: '/orders', shortcut: 4, anyOf: ['orders.read', 'orders.sell'] },
  {
    area: 'finance',
    path: '/finance',
    shortcut: 5,
    // Supervisors (orders.approve) review shifts there too.
    anyOf: ['finance.settle', 'finance.reconcile', 'finance.vouchers', 'finance.invoices', 'orders.approve'],
  },
  { area: 'reports', path: '/reports', shortcut: 6, anyOf: ['reports.read'] },
  { area: 'users', path: '/users', shortcut: 7, anyOf: ['users.read'] },
  { area: 'audit', path: '/audit', shortcut: 8, anyOf: ['audit.read'] },
  { area: 'settings', path: '/settings', shortcut: 9, anyOf: ['settings.manage'] },
];

export function navItemFor(area: NavArea): NavItem {
  const item = navItems.find((candidate) => candidate.area === area);
  if (item === undefined) throw new Error(`no navigation item ${area}`);
  return item;
}

export function canSee(item: Pick<NavItem, 'anyOf'>, permissions: readonly string[]): boolean {
  return item.anyOf.length === 0 || item.anyOf.some((permission) => permissions.includes(permission));
}

export function visibleNavItems(permissions: readonly string[]): NavItem[] {
  return navItems.filter((item) => canSee(item, permissions));
}

/** The item whose area contains `pathname` (the roles page belongs to "Users & roles"). */
export function activeNavItem(pathname: string): NavItem | undefined {
  if (pathname === '/roles' || pathname.startsWith('/roles/')) return navItemFor('users');
  return navItems
    .filter((item) => item.path !== '/')
    .find((item) => pathname === item.path || pathname.startsWith(`${item.path}/`));
}

type ShortcutKeyEvent = Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>;

/** The digit of Alt+<digit> (top row or keypad), or undefined for any other key. */
export function navShortcutDigit(event: ShortcutKeyEvent): number | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return undefined;
  const match = /^(?:Digit|Numpad)([0-9])$/.exec(event.code);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
