// A progress bar for long CLI work (imports, backups, re-keying). On a terminal it redraws one line;
// in a log file or CI it prints a line at each tenth so the output stays readable.
export type ProgressStream = { isTTY?: boolean; columns?: number; write(chunk: string): unknown };

export type Progress = {
  tick(by?: number): void;
  update(done: number): void;
  finish(message?: string): void;
};

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${Math.ceil(seconds % 60)}s`
    : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

export function renderBar(label: string, done: number, total: number, elapsedMs: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  const percent = Math.floor(ratio * 100)
    .toString()
    .padStart(3);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${total} ETA ${done >= total ? '0s' : formatSeconds(eta)}`;
}

export function createProgress(
  label: string,
  total: number,
  options: { stream?: ProgressStream; now?: () => number } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  let done = 0;
  let lastTenth = -1;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const line = renderBar(label, done, total, now() - started);
    if (stream.isTTY) {
      if (!force && now() - lastDraw < 100) return;
      lastDraw = now();
      stream.write(`\r${line}`);
      return;
    }
    const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (force || tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`${line}\n`);
    }
  };
  return {
    tick(by = 1) {
      done = Math.min(total, done + by);
      draw(false);
    },
    update(value) {
      done = Math.max(0, Math.min(total, value));
      draw(false);
    },
    finish(message) {
      done = total;
      draw(true);
      if (stream.isTTY) stream.write('\n');
      if (message) stream.write(`${message}\n`);
    },
  };
}
