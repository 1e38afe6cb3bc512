// Reading an uploaded Excel list: rows keep the numbers the spreadsheet shows (blank lines included),
// and a stray cell far away — a million rows down or at the last column — is ignored instead of
// turning a small file into millions of empty cells.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { checkNameList, nameListColumns, nameListMaxRows } from '@admit/domain';
import { readNameListFile } from '@admit/services';
import { saleDay } from '../sales/fixture';
import { nameList } from './fixture';

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('团队名单'));
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('reading an Excel name list', () => {
  it('keeps the spreadsheet’s row numbers across blank lines', async () => {
    const [header, ...people] = nameList(3);
    const file = await workbook((sheet) => {
      sheet.getRow(1).values = header!;
      sheet.getRow(2).values = people[0]!;
      // Row 3 left blank.
      sheet.getRow(4).values = people[1]!;
      sheet.getRow(5).values = people[2]!;
    });
    const rows = await readNameListFile(file);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toEqual([]);
    const checked = checkNameList(rows, saleDay);
    expect(checked.errors).toEqual([]);
    expect(checked.members.map((m) => m.row)).toEqual([2, 4, 5]);
  });

  it('ignores a stray cell a million rows down or at the last column', async () => {
    const list = nameList(5);
    const file = await workbook((sheet) => {
      list.forEach((row, i) => (sheet.getRow(i + 1).values = row));
      sheet.getCell(1_000_000, 1).value = 'x';
      sheet.getCell(3, 16_000).value = 'x';
    });
    const started = Date.now();
    const rows = await readNameListFile(file);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(rows).toHaveLength(list.length);
    expect(rows.length).toBeLessThanOrEqual(nameListMaxRows + 100);
    expect(Math.max(...rows.map((r) => r.length))).toBeLessThanOrEqual(nameListColumns.length + 10);
    const checked = checkNameList(rows, saleDay);
    expect(checked.errors).toEqual([]);
    expect(checked.members).toHaveLength(5);
  });
});
