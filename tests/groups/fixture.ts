// Tour-group fixtures: the sale fixture's site with a group rule (10+ at ¥80, two free escort places
// on the guide ticket type), two travel agencies with credit, and name lists written the way agencies
// write them — an Excel file through exceljs, or CSV in UTF-8 or GBK.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Queryable } from '@admit/db';
import { residentIdCheckCharacter } from '@admit/domain';
import { createAgency, setGroupRule, systemContext, type Clock } from '@admit/services';
import { createSaleFixture, type SaleFixture } from '../sales/fixture';

export type GroupFixture = SaleFixture & { agencyId: string; otherAgencyId: string };

export async function createGroupFixture(
  db: Queryable,
  options: { clock: Clock; code?: string; capacity?: number },
): Promise<GroupFixture> {
  const f = await createSaleFixture(db, {
    clock: options.clock,
    capacity: options.capacity ?? 100,
    code: options.code,
  });
  const ctx = systemContext(db, 'test', { clock: options.clock });
  await setGroupRule(ctx, f.siteId, {
    productId: f.products.group,
    minQuantity: 10,
    price: 8000,
    guideProductId: f.products.guide,
    freeGuidePlaces: 2,
  });
  const agency = await createAgency(ctx, f.siteId, {
    code: 'TA1',
    name: '春秋旅行社',
    contactName: '',
    contactPhone: '',
    creditLimit: 1_000_000,
  });
  const other = await createAgency(ctx, f.siteId, {
    code: 'TA2',
    name: '青年旅行社',
    contactName: '',
    contactPhone: '',
    creditLimit: 1_000_000,
  });
  return { ...f, agencyId: agency.id, otherAgencyId: other.id };
}

/** A valid resident ID number (region 310101, born 1985-05-05, sequence n). */
export function residentId(n: number): string {
  const first17 = `31010119850505${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** The same number with its check character changed: a typo the checksum catches. */
export function badChecksum(n: number): string {
  const good = residentId(n);
  return good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
}

export const listHeader = ['序号', '姓名', '证件类型', '证件号码', '身份', '导游证号'];

/**
 * A list of `size` people: row 1 is a guide (with licence), row 2 a driver, the rest visitors; the
 * rows named in `bad` get an ID number with a wrong check character.
 */
export function nameList(size: number, bad: number[] = [], offset = 0): string[][] {
  return [
    listHeader,
    ...Array.from({ length: size }, (_, i) => {
      const n = i + 1;
      const role = n === 1 ? '导游' : n === 2 ? '司机' : '游客';
      return [
        String(n),
        n === 1 ? '王导游' : n === 2 ? '李师傅' : `游客${n}`,
        '身份证',
        bad.includes(n) ? badChecksum(n + offset) : residentId(n + offset),
        role,
        n === 1 ? 'D-3101-123456' : '',
      ];
    }),
  ];
}

export async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('团队名单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function csvOf(rows: string[][], encoding: 'utf8-bom' | 'utf8' | 'gbk'): Buffer {
  const text = rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  return Buffer.from(encoding === 'utf8-bom' ? `\ufeff${text}` : text, 'utf8');
}
