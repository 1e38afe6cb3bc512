// What the gate keeps in this browser's IndexedDB, so it works after a reload with the server down:
// the offline bundle of its site (with when its download began), its own scans (the upload queue and
// the entries it admitted since the bundle), the device's token and place, and gate staff's last
// choice of site and gate. A memory version stands in for tests.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { GateBundle, GateDirection } from '../../api/gate';
import type { LocalEntry } from './queue';

/** Where the gate screen stands: the site and gate, with their names for the screen. */
export type GatePlace = {
  siteId: string;
  siteNameZh: string;
  siteNameEn: string;
  gateId: string;
  gateCode: string;
  gateNameZh: string;
  gateNameEn: string;
  gateDirection: GateDirection;
};

/** A registered device: its token (shown once by the server) and its place. */
export type StoredDevice = GatePlace & { token: string; deviceId: string; name: string };

/** Gate staff's choice, per user, remembered for the next start (and for a start while offline). */
export type StaffChoice = GatePlace & { userId: string };

export type StoredBundle = { bundle: GateBundle; fetchStartedAt: number };

export type GateStore = {
  loadBundle(siteId: string): Promise<StoredBundle | null>;
  saveBundle(siteId: string, stored: StoredBundle): Promise<void>;
  loadEntries(siteId: string): Promise<LocalEntry[]>;
  putEntries(entries: readonly LocalEntry[]): Promise<void>;
  deleteEntries(clientNonces: readonly string[]): Promise<void>;
  loadDevice(): Promise<StoredDevice | null>;
  saveDevice(device: StoredDevice | null): Promise<void>;
  loadStaffChoice(): Promise<StaffChoice | null>;
  saveStaffChoice(choice: StaffChoice | null): Promise<void>;
};

type Settings = { device: StoredDevice; staffChoice: StaffChoice };

interface GateDb extends DBSchema {
  bundles: { key: string; value: StoredBundle };
  scans: { key: string; value: LocalEntry; indexes: { bySite: string } };
  settings: { key: keyof Settings; value: StoredDevice | StaffChoice };
}

const DB_NAME = 'admit-gate';
const DB_VERSION = 1;

function isDevice(value: unknown): value is StoredDevice {
  return typeof value === 'object' && value !== null && 'token' in value;
}

function isStaffChoice(value: unknown): value is StaffChoice {
  return typeof value === 'object' && value !== null && 'userId' in value;
}

export function idbGateStore(): GateStore {
  let opened: Promise<IDBPDatabase<GateDb>> | undefined;
  const db = () =>
    (opened ??= openDB<GateDb>(DB_NAME, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('bundles');
        database.createObjectStore('scans', { keyPath: 'clientNonce' }).createIndex('bySite', 'siteId');
        database.createObjectStore('settings');
      },
    }));
  return {
    loadBundle: async (siteId) => (await (await db()).get('bundles', siteId)) ?? null,
    saveBundle: async (siteId, stored) => {
      await (await db()).put('bundles', stored, siteId);
    },
    loadEntries: async (siteId) => (await db()).getAllFromIndex('scans', 'bySite', siteId),
    putEntries: async (entries) => {
      if (entries.length === 0) return;
      const tx = (await db()).transaction('scans', 'readwrite');
      await Promise.all([...entries.map((entry) => tx.store.put(entry)), tx.done]);
    },
    deleteEntries: async (nonces) => {
      if (nonces.length === 0) return;
      const tx = (await db()).transaction('scans', 'readwrite');
      await Promise.all([...nonces.map((nonce) => tx.store.delete(nonce)), tx.done]);
    },
    loadDevice: async () => {
      const value = await (await db()).get('settings', 'device');
      return isDevice(value) ? value : null;
    },
    saveDevice: async (device) => {
      const database = await db();
      if (device === null) await database.delete('settings', 'device');
      else await database.put('settings', device, 'device');
    },
    loadStaffChoice: async () => {
      const value = await (await db()).get('settings', 'staffChoice');
      return isStaffChoice(value) ? value : null;
    },
    saveStaffChoice: async (choice) => {
      const database = await db();
      if (choice === null) await database.delete('settings', 'staffChoice');
      else await database.put('settings', choice, 'staffChoice');
    },
  };
}

/** The same in memory: for tests, and where a browser refuses IndexedDB (private windows of some). */
export function memoryGateStore(): GateStore {
  const bundles = new Map<string, StoredBundle>();
  const scans = new Map<string, LocalEntry>();
  let device: StoredDevice | null = null;
  let staffChoice: StaffChoice | null = null;
  return {
    loadBundle: async (siteId) => bundles.get(siteId) ?? null,
    saveBundle: async (siteId, stored) => void bundles.set(siteId, stored),
    loadEntries: async (siteId) => [...scans.values()].filter((entry) => entry.siteId === siteId),
    putEntries: async (entries) => entries.forEach((entry) => scans.set(entry.clientNonce, entry)),
    deleteEntries: async (nonces) => nonces.forEach((nonce) => scans.delete(nonce)),
    loadDevice: async () => device,
    saveDevice: async (value) => void (device = value),
    loadStaffChoice: async () => staffChoice,
    saveStaffChoice: async (value) => void (staffChoice = value),
  };
}

let shared: GateStore | undefined;

/** The page's one store: IndexedDB when the browser has it, memory otherwise. */
export function gateStore(): GateStore {
  shared ??= typeof indexedDB === 'undefined' ? memoryGateStore() : idbGateStore();
  return shared;
}

/** Tests start each page from an empty store of their own. */
export function replaceGateStore(store: GateStore): void {
  shared = store;
}
