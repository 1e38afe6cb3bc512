// Exit codes scripts can branch on (sysexits.h where one fits).
export const exitCodes = {
  ok: 0,
  failure: 1,
  /** `admit audit verify` found a changed, deleted or missing record or seal. */
  auditFailed: 2,
  /** `admit check` found an inconsistency (e.g. sold places no order accounts for). */
  checkFailed: 2,
  /** EX_TEMPFAIL: the embedded database is held by another process; try again when it stops. */
  locked: 75,
  /** EX_CONFIG: a configuration variable is wrong; the message names it. */
  config: 78,
} as const;
