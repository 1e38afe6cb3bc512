import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { residentIdCheckCharacter } from '../sales/identity';
import {
  checkNameList,
  nameListMaxRows,
  nameListMessages,
  parseDocumentKind,
  parseMemberRole,
} from './name-list';

const today = '2026-12-01';
const header = ['序号', '姓名', '证件类型', '证件号码', '身份', '导游证号'];

/** A valid resident ID number born on the given day (region 110101, sequence from n). */
export function residentId(n: number, birth = '19800101'): string {
  const first17 = `110101${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

const row = (
  n: number,
  role = '游客',
  extra: Partial<Record<'name' | 'kind' | 'number' | 'licence', string>> = {},
) => [
  String(n),
  extra.name ?? `游客${n}`,
  extra.kind ?? '身份证',
  extra.number ?? residentId(n),
  role,
  extra.licence ?? '',
];

describe('the name list', () => {
  it('reads a good list: header titles in Chinese, roles and documents normalised', () => {
    const result = checkNameList(
      [
        header,
        row(1, '导游', { licence: 'D-3301-000123' }),
        row(2, '司机'),
        row(3),
        row(4, '', { kind: '', number: residentId(4).toLowerCase().replace(/x$/, 'x') }),
      ],
      today,
    );
    expect(result.errors).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.members.map((m) => [m.row, m.role, m.documentKind])).toEqual([
      [2, 'guide', 'resident_id'],
      [3, 'driver', 'resident_id'],
      [4, 'visitor', 'resident_id'],
      [5, 'visitor', 'resident_id'],
    ]);
    expect(result.members[0]!.guideLicence).toBe('D-3301-000123');
    expect(result.members[3]!.documentNumber).toBe(residentId(4));
    expect(result.members[0]!.birthDate).toBe('1980-01-01');
  });

  it('accepts English titles in any order and other documents', () => {
    const result = checkNameList(
      [
        ['Role', 'Document number', 'Name', 'Document type', 'No.'],
        ['guide', residentId(9), 'Guide', 'resident_id', '1'],
        ['visitor', 'E12345678', 'Alice Smith', 'passport', '2'],
        ['visitor', 'H12345678', 'Chan Tai Man', '港澳通行证', '3'],
      ],
      today,
    );
    // No licence column: the guide's row says what is missing.
    expect(result.errors).toEqual([{ row: 2, column: 'guideLicence', code: 'guide_licence_missing' }]);
    expect(result.members.map((m) => m.documentKind)).toEqual(['passport', 'hk_macau_permit']);
  });

  it('lists every bad row with its column and problem, not only the first', () => {
    const badChecksum = residentId(5).slice(0, 17) + (residentId(5).endsWith('0') ? '1' : '0');
    const result = checkNameList(
      [
        header,
        row(1, '导游', { licence: 'D1' }),
        row(2, '游客', { number: badChecksum }),
        row(3, '游客', { name: '' }),
        row(4, '游客', { number: '12345' }),
        row(5, '游客', { number: residentId(1) }),
        row(6, '厨师'),
        row(7, '游客', { kind: '驾驶证' }),
        row(8, '游客', { kind: '护照', number: '!!' }),
        [],
        row(9),
      ],
      today,
    );
    expect(result.errors).toEqual([
      { row: 3, column: 'documentNumber', code: 'id_number_checksum' },
      { row: 4, column: 'name', code: 'name_missing' },
      { row: 5, column: 'documentNumber', code: 'id_number_format' },
      { row: 6, column: 'documentNumber', code: 'document_duplicate', duplicateOf: 2 },
      { row: 7, column: 'role', code: 'role_unknown' },
      { row: 8, column: 'documentKind', code: 'document_kind_unknown' },
      { row: 9, column: 'documentNumber', code: 'document_number_format' },
    ]);
    expect(result.members.map((m) => m.row)).toEqual([2, 11]);
    expect(result.problems).toEqual([]);
  });

  it('refuses a list without the template’s columns, without people or without a guide', () => {
    expect(checkNameList([['姓名', '证件号码']], today).problems).toEqual([
      { code: 'header_missing', column: 'documentKind' },
      { code: 'header_missing', column: 'role' },
    ]);
    expect(checkNameList([], today).problems).toEqual([{ code: 'list_empty' }]);
    expect(checkNameList([header, ['1', '', '', '', '', '']], today).problems).toEqual([
      { code: 'list_empty' },
    ]);
    expect(checkNameList([header, row(1)], today).problems).toEqual([{ code: 'guide_missing' }]);
    const many = [
      header,
      row(0, '导游', { licence: 'D' }),
      ...Array.from({ length: nameListMaxRows }, (_, i) => row(i + 1)),
    ];
    expect(checkNameList(many, today).problems).toContainEqual({
      code: 'list_too_long',
      limit: nameListMaxRows,
    });
  });

  it('knows the documents and roles by their usual names', () => {
    expect(parseDocumentKind('台胞证')).toBe('taiwan_permit');
    expect(parseDocumentKind(' 永居证 ')).toBe('foreigner_permanent_residence');
    expect(parseDocumentKind('')).toBe('resident_id');
    expect(parseMemberRole('Driver')).toBe('driver');
    expect(parseMemberRole('领队')).toBe('guide');
    expect(parseMemberRole('?')).toBeNull();
  });

  it('has a message in both languages for every problem', () => {
    for (const m of Object.values(nameListMessages)) {
      expect(m['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en).toMatch(/^[A-Z]/);
    }
  });

  it('accounts for every non-blank row exactly once: a member or at least one error (property)', () => {
    const cell = fc.oneof(
      fc.constant(''),
      fc.constantFrom('游客', '导游', '司机', '护照', '身份证', 'X', '张三'),
      fc.string({ maxLength: 6 }),
      fc.integer({ min: 0, max: 999 }).map((n) => residentId(n)),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { maxLength: 30 }), (rows) => {
        const result = checkNameList([header, ...rows], today);
        const members = new Set(result.members.map((m) => m.row));
        const failed = new Set(result.errors.map((e) => e.row));
        for (const r of members) expect(failed.has(r)).toBe(false);
        rows.forEach((r, i) => {
          const blank = r.slice(1).every((c) => c.trim() === '');
          const rowNumber = i + 2;
          expect(members.has(rowNumber) || failed.has(rowNumber)).toBe(!blank);
        });
        // No document is booked twice.
        const documents = result.members.map((m) => `${m.documentKind}:${m.documentNumber}`);
        expect(new Set(documents).size).toBe(documents.length);
      }),
    );
  });
});
