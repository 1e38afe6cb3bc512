// What the gate screen shows for a scan, whoever decided it (the server online, the gate offline): the
// result, what the attendant needs to see on a green screen (category, eligibility, holder, entries
// left) and on a red one (when and where the entry was used). Pure.
import type { GateResultCode } from '@admit/domain';
import type { ScanAnswer } from '../../api/gate';
import type { PreparedBundle } from './bundle';
import type { LocalDecision } from './offlineDecision';

export type GateNotice =
  /** Neither a ticket code, a ticket number nor an ID number. */
  | 'unrecognized'
  /** Thirteen digits with a wrong check digit. */
  | 'badTicketNumber'
  /** Offline the gate has no index of ticket numbers: scan the code or the ID card instead. */
  | 'offlineTicketNumber'
  /** Offline and never downloaded the offline data. */
  | 'noBundle'
  /** The server refused the request itself (the message says why). */
  | 'failed';

type Names = { zh: string; en: string };

export type TicketResult = {
  kind: 'ticket';
  result: GateResultCode;
  offline: boolean;
  reason: string | null;
  /** already_used on a ticket with unlimited entries: the minimum interval has not passed. */
  tooSoon: boolean;
  ticketId: string | null;
  category: string | null;
  productName: Names | null;
  eligibility: Names | null;
  holderName: string | null;
  /** ok: entries left after this one; null with `unlimited` for unlimited entries, else unknown. */
  entriesLeft: number | null;
  unlimited: boolean;
  lastEntry: { at: string; gateName: Names } | null;
  occupancy: { inside: number; max: number; warning: boolean } | null;
};

export type NoticeResult = { kind: 'notice'; notice: GateNotice; message: string | null };

export type ShownResult = (TicketResult | NoticeResult) & {
  /** Increases with every result, so the same result twice still beeps and flashes. */
  seq: number;
  /** When it was scanned (ISO). */
  at: string;
};

function names(zh: string | null, en: string | null): Names | null {
  return zh === null && en === null ? null : { zh: zh ?? '', en: en ?? '' };
}

/** Both names of the gate the server named (by id; by its Chinese name from an older server). */
function gateNames(bundle: PreparedBundle | null, nameZh: string, gateId: string | null): Names {
  const byId = gateId === null ? undefined : bundle?.gates.get(gateId);
  if (byId) return { zh: byId.nameZh, en: byId.nameEn };
  for (const gate of bundle?.gates.values() ?? []) {
    if (gate.nameZh === nameZh) return { zh: gate.nameZh, en: gate.nameEn };
  }
  return { zh: nameZh, en: nameZh };
}

export function onlineResult(answer: ScanAnswer, bundle: PreparedBundle | null): TicketResult {
  return {
    kind: 'ticket',
    result: answer.result,
    offline: false,
    reason: answer.reason,
    tooSoon: false,
    ticketId: answer.ticketId,
    category: answer.category,
    productName: names(answer.productNameZh, answer.productNameEn),
    eligibility: names(answer.eligibilityZh, answer.eligibilityEn),
    holderName: answer.holderName,
    entriesLeft: answer.entriesLeft,
    unlimited: answer.result === 'ok' && answer.entriesLeft === null,
    lastEntry:
      answer.lastEntry === null
        ? null
        : {
            at: answer.lastEntry.at,
            gateName: gateNames(bundle, answer.lastEntry.gateName, answer.lastEntry.gateId),
          },
    occupancy: answer.occupancy,
  };
}

export function offlineResult(local: LocalDecision, bundle: PreparedBundle): TicketResult {
  const { decision } = local;
  const lastGate = local.lastEntry?.gateId == null ? undefined : bundle.gates.get(local.lastEntry.gateId);
  return {
    kind: 'ticket',
    result: decision.result,
    offline: true,
    reason: 'reason' in decision ? (decision.reason ?? null) : null,
    tooSoon: decision.result === 'already_used' && decision.tooSoon,
    ticketId: local.ticketId,
    category: local.category,
    productName: local.product ? { zh: local.product.nameZh, en: local.product.nameEn } : null,
    eligibility: local.product ? { zh: local.product.eligibilityZh, en: local.product.eligibilityEn } : null,
    holderName: local.holderName,
    entriesLeft: decision.result === 'ok' ? decision.entriesLeft : null,
    unlimited: decision.result === 'ok' && decision.entriesLeft === null,
    lastEntry:
      local.lastEntry === null
        ? null
        : {
            at: local.lastEntry.at.toISOString(),
            gateName:
              lastGate === undefined ? { zh: '', en: '' } : { zh: lastGate.nameZh, en: lastGate.nameEn },
          },
    occupancy: null,
  };
}

/** Admitted: green. Everything else (a refusal, a notice) is red. */
export function isAdmitted(shown: TicketResult | NoticeResult): boolean {
  return shown.kind === 'ticket' && shown.result === 'ok';
}
