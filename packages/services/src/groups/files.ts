// The name list as a file: the downloadable template (Excel with the ID column formatted as text, so
// Excel never turns an 18-digit number into 1.10101E+17, and drop-down lists for the document type
// and role; or CSV with a BOM so Excel opens it in UTF-8), and reading what the agency uploads back
// into rows of text for the domain's checks — xlsx with exceljs; CSV in UTF-8 (with or without BOM)
// or GBK, which is what Excel on a Chinese Windows saves as "CSV".
import type ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { AppError, nameListColumns, nameListMaxRows } from '@admit/domain';

/** exceljs is large: loaded when a workbook is read or written, not by every process that imports the services. */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** Big enough for a 200-person list with room to spare; the HTTP body limit is 1 MiB. */
export const nameListFileMaxBytes = 512 * 1024;

/**
 * How much of a workbook's first sheet is read: the longest list, its header and room for blank lines
 * and a note or two, and the list's columns with room for a few added ones. A stray cell far away
 * (row 1 000 000 or column XFD) is ignored instead of making millions of empty cells; a list longer
 * than the limit still reads as too long.
 */
const xlsxMaxRow = nameListMaxRows + 100;
const xlsxMaxColumn = nameListColumns.length + 10;

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOleXls = (b: Buffer) =>
  b.length > 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** The text of a CSV file: UTF-8 when it decodes as such (BOM or not), otherwise GBK (GB18030). */
export function decodeCsv(content: Buffer): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf)
    return content.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return iconv.decode(content, 'gb18030');
  }
}

/** The rows of an uploaded list, each a list of cell texts, numbered as the spreadsheet shows them. */
export async function readNameListFile(content: Buffer): Promise<string[][]> {
  if (content.length === 0 || content.length > nameListFileMaxBytes)
    throw new AppError('group_file_unreadable', { details: { bytes: content.length } });
  if (isOleXls(content)) throw new AppError('group_file_unreadable', { details: { format: 'xls' } });
  if (isZip(content)) {
    const workbook = new (await excel()).Workbook();
    try {
      await workbook.xlsx.load(content as unknown as ArrayBuffer);
    } catch (error) {
      throw new AppError('group_file_unreadable', { details: { format: 'xlsx' }, cause: error });
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const rows: string[][] = [];
    // Rows with values only, in order; the blank ones between them are kept (as empty rows) so each
    // row keeps the number the spreadsheet shows.
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber > xlsxMaxRow) return;
      while (rows.length < rowNumber - 1) rows.push([]);
      const cells: string[] = [];
      const last = Math.min(Math.max(row.cellCount, nameListColumns.length), xlsxMaxColumn);
      for (let c = 1; c <= last; c++) cells.push(cellText(row.getCell(c)));
      rows.push(cells);
    });
    return rows;
  }
  try {
    return parse(decodeCsv(content), {
      relax_column_count: true,
      skip_empty_lines: false,
      relax_quotes: true,
    }) as string[][];
  } catch (error) {
    throw new AppError('group_file_unreadable', { details: { format: 'csv' }, cause: error });
  }
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  // A number typed into a cell not formatted as text: whole digits, never an exponent.
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  return cell.text ?? '';
}

const header = nameListColumns.map((c) => c.zh);

/** The CSV template: the header only, UTF-8 with a BOM. */
export function nameListTemplateCsv(): Buffer {
  return Buffer.from(`\ufeff${header.join(',')}\r\n`, 'utf8');
}

/** The Excel template: the list sheet (text-formatted number columns, drop-downs) and a sheet of notes. */
export async function nameListTemplateXlsx(): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'Admit';
  const sheet = workbook.addWorksheet('团队名单');
  sheet.columns = [
    { header: '序号', key: 'serial', width: 8 },
    { header: '姓名', key: 'name', width: 16 },
    { header: '证件类型', key: 'documentKind', width: 24, style: { numFmt: '@' } },
    { header: '证件号码', key: 'documentNumber', width: 24, style: { numFmt: '@' } },
    { header: '身份', key: 'role', width: 10 },
    { header: '导游证号', key: 'guideLicence', width: 20, style: { numFmt: '@' } },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (let r = 2; r <= 201; r++) {
    sheet.getCell(`C${r}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"身份证,护照,港澳通行证,台胞证,永居证"'],
    };
    sheet.getCell(`E${r}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"游客,导游,司机"'],
    };
  }
  const notes = workbook.addWorksheet('填写说明 Notes');
  notes.columns = [{ width: 100 }];
  for (const line of [
    '每行一人，从第 2 行开始填写；请勿修改表头。One person a row from row 2; keep the header as it is.',
    '证件类型：身份证（默认）、护照、港澳通行证、台胞证、永居证。Document type: ID card (default), passport, HK/Macau permit, Taiwan permit, permanent residence card.',
    '身份：游客（默认）、导游、司机；导游须填写导游证号。Role: visitor (default), guide, driver; a guide needs a licence number.',
    '导游、司机按团队票规则享受免费名额。Guides and drivers get the free places of the group rule.',
    '最多 200 人。At most 200 people.',
  ])
    notes.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
