import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MeResponse } from '@admit/contracts';
import { catalogIds, yunshan } from '../../../test/catalogFixtures';
import { adminMe } from '../../../test/fixtures';
import { errorReply, renderPage, type Handler } from '../../../test/render';
import { LOCALE_STORAGE_KEY } from '../../../i18n/locale';
import type { ReconciliationItemView, ReconciliationRunView, StatementMappingView } from './api';
import { ReconciliationTab } from './ReconciliationTab';

const base = '/api/v1/finance/reconciliation';
const runId = '0190a000-0000-7000-8000-000000000e01';
const itemIds = {
  matched: '0190a000-0000-7000-8000-000000000e11',
  amount: '0190a000-0000-7000-8000-000000000e12',
  stranger: '0190a000-0000-7000-8000-000000000e13',
};
const mappingId = '0190a000-0000-7000-8000-000000000e21';

const financeMe: MeResponse = {
  ...adminMe,
  loginName: 'finance',
  displayName: '王会计',
  permissions: ['finance.reconcile'],
};

const run: ReconciliationRunView = {
  id: runId,
  siteId: catalogIds.site,
  provider: 'alipay',
  format: 'alipay_trade',
  fileName: '20885012345678900156_20261201.zip',
  fileSha256: 'a'.repeat(64),
  periodFrom: '2026-12-01',
  periodTo: '2026-12-01',
  lineCount: 3,
  counts: {
    matched: 1,
    amount_mismatch: 1,
    status_mismatch: 0,
    missing_ours: 1,
    missing_provider: 0,
    duplicate: 0,
  },
  openCount: 2,
  parseErrors: [
    { file: null, lineNumber: 9, code: 'amount_invalid', column: '订单金额(元)', value: '12.345' },
  ],
  createdBy: { id: financeMe.id, name: '王会计' },
  createdAt: '2026-12-02T01:30:00.000Z',
};

const item = (id: string, over: Partial<ReconciliationItemView>): ReconciliationItemView => ({
  id,
  runId,
  outcome: 'matched',
  kind: 'payment',
  reference: '2026120122001400011111111111',
  statementLine: {
    file: '20885012345678900156_20261201_业务明细.csv',
    lineNumber: 6,
    providerReference: '2026120122001400011111111111',
    ourReference: '0193a5f0c9b77c3e8f1a2b3c4d5e6f70',
    paymentReference: '0193a5f0c9b77c3e8f1a2b3c4d5e6f70',
    amount: 26000,
    status: 'success',
    time: '2026-12-01T02:01:00.000Z',
    matchedBy: 'our_reference',
    duplicateOf: null,
  },
  statementAmount: 26000,
  ourType: 'payment',
  ourId: '0190a000-0000-7000-8000-000000000f01',
  ourAmount: 26000,
  ourStatus: 'succeeded',
  ourReference: '0193a5f0c9b77c3e8f1a2b3c4d5e6f70',
  ourProviderReference: '2026120122001400011111111111',
  ourAt: '2026-12-01T02:00:00.000Z',
  orderId: '0190a000-0000-7000-8000-000000000f11',
  orderNumber: 'YUNSHAN-261201-07-0001',
  amountDifference: 0,
  needsResolution: false,
  resolution: null,
  resolutionNote: null,
  adjustmentId: null,
  resolvedBy: null,
  resolvedAt: null,
  ...over,
});

const matched = item(itemIds.matched, {});
const amountOff = item(itemIds.amount, {
  outcome: 'amount_mismatch',
  reference: '2026120122001400012222222222',
  statementAmount: 12000,
  ourAmount: 13000,
  amountDifference: -1000,
  needsResolution: true,
});
const stranger = item(itemIds.stranger, {
  outcome: 'missing_ours',
  reference: '2026120122001400019999999999',
  statementAmount: 1000,
  ourType: null,
  ourId: null,
  ourAmount: null,
  ourStatus: null,
  orderId: null,
  orderNumber: null,
  amountDifference: null,
  needsResolution: true,
});

const savedMapping: StatementMappingView = {
  id: mappingId,
  siteId: catalogIds.site,
  name: '银联商务',
  mapping: {
    providerReference: '渠道流水号',
    ourReference: '商户单号',
    paymentReference: null,
    amount: '金额',
    amountUnit: 'yuan',
    kind: null,
    status: null,
    time: '交易时间',
    delimiter: ',',
  },
  createdAt: '2026-11-01T02:00:00.000Z',
};

function routes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  const items = [matched, amountOff, stranger];
  return {
    'GET /api/v1/catalog/sites': { status: 200, body: { sites: [yunshan] } },
    [`GET ${base}/runs`]: { status: 200, body: [] },
    [`GET ${base}/runs/${runId}`]: { status: 200, body: run },
    [`GET ${base}/runs/${runId}/items`]: ({ query }) => {
      const outcome = query.get('outcome');
      const open = query.get('open') === 'true';
      return {
        status: 200,
        body: {
          items: items.filter(
            (i) =>
              (outcome === null || i.outcome === outcome) && (!open || (i.needsResolution && !i.resolution)),
          ),
          next: null,
        },
      };
    },
    [`GET ${base}/mappings`]: { status: 200, body: [savedMapping] },
    ...extra,
  };
}

const statementCsv = '#支付宝业务明细查询\r\n支付宝交易号,商户订单号\r\n';

function chooseFile(name = 'statement.csv', content = statementCsv) {
  fireEvent.change(screen.getByTestId('recon-file'), {
    target: { files: [new File([content], name, { type: 'text/csv' })] },
  });
}

async function choose(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  fireEvent.click(
    (await screen.findAllByText(label, { selector: '.ant-select-item-option-content' })).at(-1)!,
  );
}

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

describe('reconciliation (对账)', () => {
  it('imports a statement as it was downloaded and opens its results', async () => {
    let runs: ReconciliationRunView[] = [];
    const { requests } = renderPage(<ReconciliationTab />, {
      path: '/finance/reconciliation',
      server: {
        me: financeMe,
        routes: routes({
          [`GET ${base}/runs`]: () => ({ status: 200, body: runs }),
          [`POST ${base}/runs`]: () => {
            runs = [run];
            return { status: 201, body: { run, duplicateOf: null } };
          },
        }),
      },
    });
    expect(await screen.findByText('还没有导入过对账单。', {}, { timeout: 15_000 })).toBeTruthy();
    // Importing without a file says so, at the file input.
    fireEvent.click(screen.getByTestId('recon-import'));
    expect(await screen.findByText('请选择对账单文件')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('recon-file'));

    chooseFile('20885012345678900156_20261201.zip');
    fireEvent.click(screen.getByTestId('recon-import'));
    await waitFor(() => expect(requests(`POST ${base}/runs`)).toHaveLength(1));
    expect(requests(`POST ${base}/runs`)[0]?.body).toEqual({
      siteId: catalogIds.site,
      format: 'auto',
      provider: null,
      mappingId: null,
      mapping: null,
      periodFrom: null,
      periodTo: null,
      fileName: '20885012345678900156_20261201.zip',
      contentBase64: base64(statementCsv),
      force: false,
    });

    // The run is listed and opened: its counts, the line it could not read, its items.
    const detail = await screen.findByTestId('recon-run');
    expect(within(detail).getByText(/支付宝 · 2026-12-01 至 2026-12-01 · 3 笔 · 导入人 王会计/)).toBeTruthy();
    expect(within(detail).getByTestId('recon-parse-errors').textContent).toContain(
      '第 9 行 · amount_invalid',
    );
    expect((await within(detail).findByTestId(`recon-item-outcome-${itemIds.amount}`)).textContent).toBe(
      '金额不符',
    );
    const amountRow = within(detail).getByTestId(`recon-item-outcome-${itemIds.amount}`).closest('tr')!;
    expect(amountRow.textContent).toContain('¥120.00');
    expect(amountRow.textContent).toContain('¥130.00');
    expect(amountRow.textContent).toContain('¥-10.00');
    expect(within(detail).getByTestId(`recon-item-outcome-${itemIds.stranger}`).textContent).toBe(
      '系统无此笔',
    );
    const listed = (await screen.findByTestId(`recon-run-open-count-${runId}`)).closest('tr')!;
    expect(listed.textContent).toContain('一致 1');
    expect(listed.textContent).toContain('金额不符 1');
  });

  it('asks before importing a file again, then sends it with force', async () => {
    let attempts = 0;
    const { requests } = renderPage(<ReconciliationTab />, {
      path: '/finance/reconciliation',
      server: {
        me: financeMe,
        routes: routes({
          [`POST ${base}/runs`]: () =>
            ++attempts === 1
              ? errorReply(
                  409,
                  'reconciliation_already_imported',
                  '这个对账单文件已经导入过（见原对账记录）。如确需再次导入，请选择“仍然导入”。',
                  { runId },
                )
              : { status: 201, body: { run, duplicateOf: runId } },
        }),
      },
    });
    await screen.findByTestId('recon-file', {}, { timeout: 15_000 });
    chooseFile();
    fireEvent.click(screen.getByTestId('recon-import'));
    expect((await screen.findByTestId('recon-import-error')).textContent).toContain('已经导入过');
    fireEvent.click(await screen.findByTestId('recon-force'));
    fireEvent.click(screen.getByTestId('recon-import'));
    await waitFor(() => expect(requests(`POST ${base}/runs`)).toHaveLength(2));
    expect(requests(`POST ${base}/runs`)[1]?.body).toMatchObject({ force: true });
    expect(await screen.findByText(/该文件此前已导入过，本次为再次导入。/)).toBeTruthy();
  });

  it('maps a custom CSV’s columns, saves the mapping, and imports with it', async () => {
    const newId = '0190a000-0000-7000-8000-000000000e22';
    const { requests } = renderPage(<ReconciliationTab />, {
      path: '/finance/reconciliation',
      server: {
        me: financeMe,
        routes: routes({
          [`POST ${base}/mappings`]: ({ body }) => ({
            status: 201,
            body: { ...savedMapping, id: newId, name: (body as { name: string }).name },
          }),
          [`POST ${base}/runs`]: { status: 201, body: { run, duplicateOf: null } },
        }),
      },
    });
    await screen.findByTestId('recon-file', {}, { timeout: 15_000 });
    chooseFile('聚合支付.csv', '渠道流水号,商户单号,类型,金额(元)\r\n');
    await choose('recon-format', '自定义 CSV（按列对应）');
    fireEvent.change(await screen.findByTestId('recon-map-providerReference'), {
      target: { value: '渠道流水号' },
    });
    fireEvent.change(screen.getByTestId('recon-map-ourReference'), { target: { value: ' 商户单号 ' } });
    fireEvent.change(screen.getByTestId('recon-map-amount'), { target: { value: '金额(元)' } });
    fireEvent.change(screen.getByTestId('recon-map-kindColumn'), { target: { value: '类型' } });
    fireEvent.change(screen.getByTestId('recon-map-paymentWords'), { target: { value: '消费, PAY' } });
    fireEvent.change(screen.getByTestId('recon-map-refundWords'), { target: { value: '退货，REFUND' } });
    fireEvent.change(screen.getByTestId('recon-map-statusColumn'), { target: { value: '状态' } });
    fireEvent.change(screen.getByTestId('recon-map-closedWords'), { target: { value: '已冲正' } });
    fireEvent.change(screen.getByTestId('recon-map-headerLine'), { target: { value: '2' } });
    const expected = {
      providerReference: '渠道流水号',
      ourReference: '商户单号',
      paymentReference: null,
      amount: '金额(元)',
      amountUnit: 'yuan',
      kind: { column: '类型', payment: ['消费', 'PAY'], refund: ['退货', 'REFUND'] },
      status: { column: '状态', values: { closed: ['已冲正'] } },
      time: null,
      headerLine: 2,
      delimiter: ',',
    };

    fireEvent.change(screen.getByTestId('recon-mapping-name'), { target: { value: '聚合支付' } });
    fireEvent.click(screen.getByTestId('recon-mapping-save'));
    await waitFor(() => expect(requests(`POST ${base}/mappings`)).toHaveLength(1));
    expect(requests(`POST ${base}/mappings`)[0]?.body).toEqual({
      siteId: catalogIds.site,
      name: '聚合支付',
      mapping: expected,
    });
    expect(await screen.findByText('已保存方案：聚合支付')).toBeTruthy();

    // A custom CSV needs its provider.
    fireEvent.click(screen.getByTestId('recon-import'));
    expect(await screen.findByText('自定义 CSV 须选择支付渠道')).toBeTruthy();
    expect(requests(`POST ${base}/runs`)).toHaveLength(0);
    await choose('recon-provider', '支付模拟器');
    fireEvent.click(screen.getByTestId('recon-import'));
    await waitFor(() => expect(requests(`POST ${base}/runs`)).toHaveLength(1));
    // The mapping just saved is the one chosen now.
    expect(requests(`POST ${base}/runs`)[0]?.body).toMatchObject({
      format: 'mapped',
      provider: 'simulator',
      mappingId: newId,
      mapping: null,
    });
  });

  it('filters a run’s items and resolves a difference with a note, Enter submitting', async () => {
    let resolved = false;
    const { requests } = renderPage(<ReconciliationTab />, {
      path: '/finance/reconciliation',
      server: {
        me: financeMe,
        routes: routes({
          [`GET ${base}/runs`]: { status: 200, body: [run] },
          [`POST ${base}/items/${itemIds.amount}/resolve`]: ({ body }) => {
            resolved = true;
            const { resolution, note } = body as { resolution: 'explained'; note: string };
            return {
              status: 200,
              body: {
                ...amountOff,
                resolution,
                resolutionNote: note,
                resolvedAt: '2026-12-02T02:00:00.000Z',
              },
            };
          },
        }),
      },
    });
    fireEvent.click(await screen.findByTestId(`recon-run-${runId}`, {}, { timeout: 15_000 }));
    await screen.findByTestId(`recon-item-outcome-${itemIds.matched}`);

    fireEvent.click(screen.getByTestId('recon-filter-open'));
    await waitFor(() =>
      expect(requests(`GET ${base}/runs/${runId}/items`).at(-1)?.query.get('open')).toBe('true'),
    );
    await waitFor(() => expect(screen.queryByTestId(`recon-item-outcome-${itemIds.matched}`)).toBeNull());
    fireEvent.click(within(screen.getByTestId('recon-filter-outcome')).getByText('金额不符 1'));
    await waitFor(() =>
      expect(requests(`GET ${base}/runs/${runId}/items`).at(-1)?.query.get('outcome')).toBe(
        'amount_mismatch',
      ),
    );
    await waitFor(() => expect(screen.queryByTestId(`recon-item-outcome-${itemIds.stranger}`)).toBeNull());

    fireEvent.click(screen.getByTestId(`recon-resolve-${itemIds.amount}`));
    const note = await screen.findByTestId('recon-resolution-note');
    await waitFor(() => expect(document.activeElement).toBe(note));
    // Enter with no note: refused in the form, nothing sent.
    fireEvent.keyDown(note, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(await screen.findByText('请填写处理说明')).toBeTruthy();
    // "Adjusted" needs the adjustment's id.
    await choose('recon-resolution-kind', '已调账（日结调整）');
    fireEvent.change(note, { target: { value: '支付宝少收 10 元' } });
    fireEvent.keyDown(note, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(await screen.findByText('选择“已调账”时须填写调整记录编号')).toBeTruthy();
    expect(resolved).toBe(false);

    await choose('recon-resolution-kind', '已核实（说明原因）');
    fireEvent.change(note, { target: { value: '  跨日到账，次日对账单已列出  ' } });
    fireEvent.keyDown(note, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(requests(`POST ${base}/items/${itemIds.amount}/resolve`)).toHaveLength(1));
    expect(requests(`POST ${base}/items/${itemIds.amount}/resolve`)[0]?.body).toEqual({
      siteId: catalogIds.site,
      resolution: 'explained',
      note: '跨日到账，次日对账单已列出',
      adjustmentId: null,
    });
    expect(await screen.findByText('已处理')).toBeTruthy();
    // The lists are asked again after the resolution.
    await waitFor(() => expect(requests(`GET ${base}/runs`).length).toBeGreaterThan(1));
  });

  it('speaks English when the user does', async () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    renderPage(<ReconciliationTab />, {
      path: '/finance/reconciliation',
      server: {
        me: { ...financeMe, locale: 'en' },
        routes: routes({ [`GET ${base}/runs`]: { status: 200, body: [run] } }),
      },
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Reconciliation' }, { timeout: 15_000 }),
    ).toBeTruthy();
    expect((await screen.findByTestId('recon-import')).textContent).toBe('Import and reconcile');
    const listed = (await screen.findByTestId(`recon-run-open-count-${runId}`)).closest('tr')!;
    expect(listed.textContent).toContain('Amount differs 1');
    expect(listed.textContent).toContain('Alipay');
  });
});
