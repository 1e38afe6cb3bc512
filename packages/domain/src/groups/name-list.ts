// A tour group's name list (团队名单), as read from the agency's Excel or CSV template: the header
// finds the columns (Chinese or English titles, any order), then every row is checked — a name, a
// known document type, a document number valid for its type by the identity rules (GB 11643 for ID
// cards), a known role (游客/导游/司机), a guide's licence number, no document twice — and every
// problem is listed with its row and column, never stopping at the first, so the agency fixes the
// file once. Rows are numbered as the spreadsheet shows them (the header is row 1). Pure: the file
// reading is the services' job; this gets the cells as strings.
import type { Locale } from '../locale';
import { checkIdentityDocument, type IdentityDocumentKind } from '../sales/identity';

export type MemberRole = 'visitor' | 'guide' | 'driver';
export const memberRoles: readonly MemberRole[] = ['visitor', 'guide', 'driver'];

export type NameListColumn = 'serial' | 'name' | 'documentKind' | 'documentNumber' | 'role' | 'guideLicence';

/** The template's columns in order; the first five are required in the header. */
export const nameListColumns: readonly {
  column: NameListColumn;
  zh: string;
  en: string;
  required: boolean;
}[] = [
  { column: 'serial', zh: '序号', en: 'No.', required: true },
  { column: 'name', zh: '姓名', en: 'Name', required: true },
  { column: 'documentKind', zh: '证件类型', en: 'Document type', required: true },
  { column: 'documentNumber', zh: '证件号码', en: 'Document number', required: true },
  { column: 'role', zh: '身份', en: 'Role', required: true },
  { column: 'guideLicence', zh: '导游证号', en: 'Guide licence', required: false },
];

export type NameListRowProblem =
  | 'name_missing'
  | 'name_too_long'
  | 'document_kind_unknown'
  | 'document_number_missing'
  | 'id_number_format'
  | 'id_number_checksum'
  | 'id_number_birth_date'
  | 'document_number_format'
  | 'document_duplicate'
  | 'role_unknown'
  | 'guide_licence_missing';

export type NameListProblem = 'header_missing' | 'list_empty' | 'list_too_long' | 'guide_missing';

export type NameListRowError = {
  /** The spreadsheet's row number (the header is row 1). */
  row: number;
  column: NameListColumn;
  code: NameListRowProblem;
  /** document_duplicate: the row that has the document first. */
  duplicateOf?: number;
};

export type NameListMember = {
  row: number;
  /** The agency's 序号 as written (may be empty). */
  serial: string;
  name: string;
  role: MemberRole;
  documentKind: IdentityDocumentKind;
  /** Normalised (upper case, no spaces). */
  documentNumber: string;
  birthDate: string | null;
  guideLicence: string | null;
};

export type NameListResult = {
  members: NameListMember[];
  errors: NameListRowError[];
  /** Problems of the list as a whole (a missing column, no guide…). */
  problems: { code: NameListProblem; column?: NameListColumn; limit?: number }[];
};

/** The most rows a list may have (a coach or two; a larger party books as several groups). */
export const nameListMaxRows = 200;
export const memberNameMaxLength = 50;

const documentKindNames: Record<IdentityDocumentKind, readonly string[]> = {
  resident_id: ['身份证', '居民身份证', '二代身份证', 'resident_id', 'idcard', 'id'],
  passport: ['护照', 'passport'],
  hk_macau_permit: ['港澳居民来往内地通行证', '港澳通行证', '回乡证', 'hk_macau_permit'],
  taiwan_permit: ['台湾居民来往大陆通行证', '台胞证', 'taiwan_permit'],
  foreigner_permanent_residence: [
    '外国人永久居留身份证',
    '永居证',
    '外国人永久居留证',
    'foreigner_permanent_residence',
  ],
};

const roleNames: Record<MemberRole, readonly string[]> = {
  visitor: ['游客', '团员', 'visitor'],
  guide: ['导游', '领队', 'guide'],
  driver: ['司机', 'driver'],
};

/** A cell as the agency meant it: trimmed, full-width spaces and letters made plain. */
export function cleanCell(value: string | undefined | null): string {
  return (value ?? '')
    .replace(/\u3000/g, ' ')
    .replace(/^\ufeff/, '')
    .trim();
}

const key = (s: string) =>
  cleanCell(s)
    .toLowerCase()
    .replace(/[\s._-]/g, '');

/** The document type of a cell; empty means the resident ID card, the usual case. */
export function parseDocumentKind(cell: string): IdentityDocumentKind | null {
  const k = key(cell);
  if (k === '') return 'resident_id';
  for (const [kind, names] of Object.entries(documentKindNames) as [IdentityDocumentKind, string[]][])
    if (names.some((n) => key(n) === k)) return kind;
  return null;
}

/** The role of a cell; empty means a visitor. */
export function parseMemberRole(cell: string): MemberRole | null {
  const k = key(cell);
  if (k === '') return 'visitor';
  for (const [role, names] of Object.entries(roleNames) as [MemberRole, string[]][])
    if (names.some((n) => key(n) === k)) return role;
  return null;
}

/** Which column each header cell is, by its Chinese or English title. */
function readHeader(header: readonly string[]): Map<NameListColumn, number> {
  const found = new Map<NameListColumn, number>();
  header.forEach((cell, index) => {
    const k = key(cell);
    const column = nameListColumns.find((c) => key(c.zh) === k || key(c.en) === k);
    if (column && !found.has(column.column)) found.set(column.column, index);
  });
  return found;
}

/**
 * Checks a name list: `rows` are the sheet's rows (the first non-empty one is the header), each a list
 * of cells as text. `today` bounds birth dates in ID numbers.
 */
export function checkNameList(rows: readonly (readonly string[])[], today: string): NameListResult {
  const result: NameListResult = { members: [], errors: [], problems: [] };
  const headerIndex = rows.findIndex((r) => r.some((c) => cleanCell(c) !== ''));
  if (headerIndex < 0) {
    result.problems.push({ code: 'list_empty' });
    return result;
  }
  const columns = readHeader(rows[headerIndex]!);
  for (const c of nameListColumns)
    if (c.required && c.column !== 'serial' && !columns.has(c.column))
      result.problems.push({ code: 'header_missing', column: c.column });
  if (result.problems.length > 0) return result;

  const cell = (row: readonly string[], column: NameListColumn) => {
    const index = columns.get(column);
    return index === undefined ? '' : cleanCell(row[index]);
  };
  const seen = new Map<string, number>();
  let count = 0;
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i]!;
    // Blank lines (and a row with only its 序号 filled in, as templates come) are not people.
    if (nameListColumns.every((c) => c.column === 'serial' || cell(row, c.column) === '')) continue;
    count++;
    const rowNumber = i + 1;
    const errors: NameListRowError[] = [];
    const fail = (column: NameListColumn, code: NameListRowProblem, extra: { duplicateOf?: number } = {}) =>
      errors.push({ row: rowNumber, column, code, ...extra });

    const name = cell(row, 'name');
    if (name === '') fail('name', 'name_missing');
    else if ([...name].length > memberNameMaxLength) fail('name', 'name_too_long');

    const kind = parseDocumentKind(cell(row, 'documentKind'));
    if (!kind) fail('documentKind', 'document_kind_unknown');
    const rawNumber = cell(row, 'documentNumber');
    let number: string | null = null;
    let birthDate: string | null = null;
    if (rawNumber === '') fail('documentNumber', 'document_number_missing');
    else if (kind) {
      const checked = checkIdentityDocument(kind, rawNumber, today);
      if (typeof checked === 'string') fail('documentNumber', checked);
      else {
        number = checked.number;
        birthDate = checked.birthDate;
      }
    }
    if (kind && number) {
      const documentKey = `${kind}:${number}`;
      const first = seen.get(documentKey);
      if (first !== undefined) fail('documentNumber', 'document_duplicate', { duplicateOf: first });
      else seen.set(documentKey, rowNumber);
    }

    const role = parseMemberRole(cell(row, 'role'));
    if (!role) fail('role', 'role_unknown');
    const licence = cell(row, 'guideLicence');
    if (role === 'guide' && licence === '') fail('guideLicence', 'guide_licence_missing');

    if (errors.length > 0) result.errors.push(...errors);
    else
      result.members.push({
        row: rowNumber,
        serial: cell(row, 'serial'),
        name,
        role: role!,
        documentKind: kind!,
        documentNumber: number!,
        birthDate,
        guideLicence: role === 'guide' ? licence : null,
      });
  }
  if (count === 0) result.problems.push({ code: 'list_empty' });
  if (count > nameListMaxRows) result.problems.push({ code: 'list_too_long', limit: nameListMaxRows });
  if (count > 0 && !result.members.some((m) => m.role === 'guide'))
    result.problems.push({ code: 'guide_missing' });
  return result;
}

/** What a cashier or an agency clerk reads for each problem of a list or a row. */
export const nameListMessages: Record<NameListRowProblem | NameListProblem, Record<Locale, string>> = {
  name_missing: { 'zh-CN': '姓名未填写', en: 'The name is missing' },
  name_too_long: { 'zh-CN': '姓名过长（最多 50 字）', en: 'The name is too long (50 characters at most)' },
  document_kind_unknown: {
    'zh-CN': '证件类型无法识别（身份证、护照、港澳通行证、台胞证、永居证）',
    en: 'Unknown document type (ID card, passport, HK/Macau permit, Taiwan permit, permanent residence card)',
  },
  document_number_missing: { 'zh-CN': '证件号码未填写', en: 'The document number is missing' },
  id_number_format: {
    'zh-CN': '身份证号码应为 18 位（最后一位可为 X）',
    en: 'An ID card number has 18 characters (the last may be X)',
  },
  id_number_checksum: {
    'zh-CN': '身份证号码校验位不对，请核对是否抄错',
    en: 'The ID number’s check digit is wrong; please check for a typing mistake',
  },
  id_number_birth_date: {
    'zh-CN': '身份证号码中的出生日期无效',
    en: 'The birth date inside the ID number is not valid',
  },
  document_number_format: {
    'zh-CN': '证件号码格式与证件类型不符',
    en: 'The document number does not match its document type',
  },
  document_duplicate: {
    'zh-CN': '证件号码与名单中另一行重复',
    en: 'This document number is already on another row of the list',
  },
  role_unknown: {
    'zh-CN': '身份应为 游客、导游 或 司机',
    en: 'The role must be visitor, guide or driver (游客/导游/司机)',
  },
  guide_licence_missing: { 'zh-CN': '导游须填写导游证号', en: 'A guide needs a guide licence number' },
  header_missing: {
    'zh-CN': '表头缺少必需的列，请使用下载的模板',
    en: 'A required column is missing from the header; please use the downloaded template',
  },
  list_empty: { 'zh-CN': '名单中没有人员', en: 'The list has nobody on it' },
  list_too_long: {
    'zh-CN': '名单超过 200 人，请分成多个团队预订',
    en: 'The list has more than 200 people; please book it as several groups',
  },
  guide_missing: {
    'zh-CN': '名单中须有一名持证导游',
    en: 'The list needs one licensed guide',
  },
};
