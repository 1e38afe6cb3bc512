// A statement file as uploaded, turned into the text of each statement in it: a zip (Alipay's bill
// download: the detail CSVs are read, the summary left) is unpacked as a stream that stops at the size
// limit, so a zip bomb never fills memory; each CSV is decoded from UTF-8 (with or without a BOM),
// UTF-16 with a BOM, or else GBK/GB18030 — what Alipay writes and Excel on a Chinese Windows saves.
import { Unzip, UnzipInflate } from 'fflate';
import iconv from 'iconv-lite';
import {
  AppError,
  statementFileMaxBytes,
  statementUnzippedMaxBytes,
  statementZipEntries,
} from '@admit/domain';

export type StatementText = {
  /** The file inside the zip it came from; null for a plain file. */
  file: string | null;
  text: string;
};

const isZip = (b: Uint8Array) =>
  b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The text of a CSV file, whatever of the usual encodings it is in. */
export function decodeStatementText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
    return buffer.subarray(3).toString('utf8');
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return iconv.decode(buffer.subarray(2), 'utf16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return iconv.decode(buffer.subarray(2), 'utf16be');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}

/**
 * A zip entry's name as meant: names flagged UTF-8 arrive decoded; the others (Alipay's, made on a
 * Chinese Windows) arrive as Latin-1 characters standing for their bytes, which are GBK.
 */
function entryName(name: string): string {
  if ([...name].some((c) => c.charCodeAt(0) > 0xff)) return name;
  return decodeStatementText(Buffer.from(name, 'latin1'));
}

const zipPieceBytes = 16 * 1024;

/** The statements in an upload: the file itself, or the detail files of a zip, in name order. */
export function readStatementFile(content: Buffer): StatementText[] {
  if (content.length === 0) throw new AppError('reconciliation_file_unreadable', { details: { bytes: 0 } });
  if (content.length > statementFileMaxBytes)
    throw new AppError('reconciliation_file_too_large', {
      details: { bytes: content.length, maxBytes: statementFileMaxBytes },
    });
  if (!isZip(content)) return [{ file: null, text: decodeStatementText(content) }];

  const found: { file: string; chunks: Uint8Array[] }[] = [];
  let unpacked = 0;
  let tooLarge = false;
  let failure: unknown = null;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (entry) => {
    const name = entryName(entry.name);
    if (statementZipEntries([name]).length === 0 || tooLarge) return;
    const chunks: Uint8Array[] = [];
    found.push({ file: name, chunks });
    entry.ondata = (error, chunk) => {
      if (error) {
        failure = error;
        return;
      }
      unpacked += chunk.length;
      if (unpacked > statementUnzippedMaxBytes) {
        tooLarge = true;
        entry.terminate();
        return;
      }
      chunks.push(chunk);
    };
    entry.start();
  };
  try {
    // In small pieces: what one piece inflates to is bounded (deflate expands at most ~1000 times), so
    // the limit is met a piece at a time rather than after the whole entry was inflated.
    for (let at = 0; at < content.length && !tooLarge && failure === null; at += zipPieceBytes)
      unzip.push(content.subarray(at, at + zipPieceBytes), at + zipPieceBytes >= content.length);
  } catch (error) {
    failure = error;
  }
  if (tooLarge)
    throw new AppError('reconciliation_file_too_large', {
      details: { unzippedBytes: unpacked, maxUnzippedBytes: statementUnzippedMaxBytes },
    });
  if (failure !== null)
    throw new AppError('reconciliation_file_unreadable', { details: { format: 'zip' }, cause: failure });
  if (found.length === 0)
    throw new AppError('reconciliation_file_unreadable', { details: { format: 'zip', detailFiles: 0 } });
  return found
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map(({ file, chunks }) => ({ file, text: decodeStatementText(Buffer.concat(chunks)) }));
}
