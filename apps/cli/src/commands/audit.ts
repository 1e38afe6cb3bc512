// `admit audit verify` and `admit audit seal`: check the audit log's seal chain against the seal key
// and the head anchors the log recorded; seal pending rows on demand.
import { existsSync, mkdirSync } from 'node:fs';
import { Command } from 'commander';
import { openDatabase, type AdmitDatabase } from '@admit/db';
import { loadConfig, loadSecrets, type Config } from '@admit/server';
import {
  appendAnchor,
  auditAnchorsPath,
  currentAuditHead,
  formatAnchor,
  readAnchors,
  sealAll,
  systemContext,
  verifyAuditLog,
  type AuditAnchor,
  type KeyRing,
} from '@admit/services';
import { exitCodes } from '../exit-codes';

/** The seal key ring. Never generated here: verification must not create a key. */
function sealKey(config: Config): KeyRing {
  return loadSecrets(config.secretsDir, { generateMissing: false }).secrets.auditSeal;
}

function open(config: Config, purpose: string): Promise<AdmitDatabase> {
  return openDatabase(
    config.databaseUrl
      ? { engine: 'postgresql', url: config.databaseUrl, poolSize: 1, applicationName: `admit-${purpose}` }
      : { engine: 'embedded', dataDir: config.dataDir, purpose: `admit ${purpose}` },
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function auditCommand(): Command {
  const audit = new Command('audit').description('Verify and seal the tamper-evident audit log.');

  audit
    .command('verify')
    .description(
      'Check every audit seal (HMAC with the audit seal key, chain of hashes) and every sealed record against ' +
        'its digest, and compare with the head anchors the log recorded (by default ' +
        '<ADMIT_DATA_DIR>/audit-anchors.log). Exits 0 when intact, 2 when anything was changed or deleted.',
    )
    .option('--anchors <file...>', 'also read head anchors from these log files (plain or JSON lines)')
    .action(async (options: { anchors?: string[] }) => {
      const config = loadConfig();
      const key = sealKey(config);
      const files = [...(options.anchors ?? [])];
      for (const file of files) if (!existsSync(file)) throw new Error(`anchors file ${file} does not exist`);
      const defaultFile = auditAnchorsPath(config.dataDir);
      if (existsSync(defaultFile) && !files.includes(defaultFile)) files.push(defaultFile);
      const anchors: AuditAnchor[] = files.flatMap((file) => readAnchors(file));

      const database = await open(config, 'audit-verify');
      const result = await verifyAuditLog(database.db, key, { anchors }).finally(() => database.close());

      const out: string[] = [];
      const summary =
        `${plural(result.sealsChecked, 'seal')} covering ${plural(result.rowsChecked, 'record')}; ` +
        `${plural(result.unsealedRows, 'record')} not sealed yet.`;
      const anchorNote =
        files.length > 0
          ? `Compared with ${plural(anchors.length, 'head anchor')} from ${files.join(', ')}.`
          : 'No head anchors found: deleting the newest seals together with their records would go unnoticed.';
      if (result.ok) {
        out.push(`Verified ${summary}`);
        if (result.rowsPurged > 0) out.push(`${plural(result.rowsPurged, 'record')} purged under retention.`);
        out.push(anchorNote);
        process.stdout.write(`${out.join('\n')}\n`);
        return;
      }
      const total = result.problems.length + result.problemsOmitted;
      out.push(`FAILED: ${result.problems[0]?.message ?? 'problems found'}`);
      out.push(`${plural(total, 'problem')} found:`);
      for (const problem of result.problems) out.push(`  [${problem.kind}] ${problem.message}`);
      if (result.problemsOmitted > 0) out.push(`  … and ${result.problemsOmitted} more not listed.`);
      out.push(`Checked ${summary}`);
      out.push(anchorNote);
      process.stdout.write(`${out.join('\n')}\n`);
      process.exitCode = exitCodes.auditFailed;
    });

  audit
    .command('seal')
    .description(
      'Seal the audit records committed since the last seal now (the server does it every minute), print ' +
        'the new head, and append it to <ADMIT_DATA_DIR>/audit-anchors.log.',
    )
    .action(async () => {
      const config = loadConfig();
      const key = sealKey(config);
      const database = await open(config, 'audit-seal');
      try {
        const result = await sealAll(systemContext(database.db, 'cli.audit-seal'), key);
        if (!result.head) {
          const head = await currentAuditHead(database.db);
          process.stdout.write(
            head ? `Nothing to seal. Head: ${formatAnchor(head)}\n` : 'Nothing to seal; no seals yet.\n',
          );
          return;
        }
        mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
        const file = auditAnchorsPath(config.dataDir);
        appendAnchor(file, result.head);
        process.stdout.write(
          `Sealed ${plural(result.rows, 'record')} in ${plural(result.seals, 'seal')}.\n` +
            `${formatAnchor(result.head)}\nHead appended to ${file}.\n`,
        );
      } finally {
        await database.close();
      }
    });

  return audit;
}
