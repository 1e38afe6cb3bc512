// A travel agency's statement (对账单) for a month (by default the previous one at the site) or a range
// of days: the opening balance, every movement with its running balance, totals by kind, the closing
// balance, what the agency owes and what it can still buy on account; downloads as CSV or Excel for
// sending to the agency. The figures are the server's (built by the domain from the ledger); this
// screen only shows them. Keyboard: the month field has focus, Enter applies a range, Esc closes.
import { addDays, previousCalendarMonth, statementPeriodProblem } from '@admit/domain';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Space,
  Table,
  type InputRef,
  type TableColumnsType,
} from 'antd';
import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgencyView } from '../../api/sales';
import { errorText } from '../../components/errorText';
import { dateTimeAtSite, formatFen, todayAtSite } from '../../format';
import { Loading } from '../catalog/QueryStates';
import {
  agencyStatementFile,
  agencyStatementQuery,
  type AgencyStatementView,
  type LedgerKind,
  type StatementLine,
  type StatementPeriod,
} from './api';

const kinds: readonly LedgerKind[] = ['deposit', 'sale', 'sale_reversed', 'refund', 'payment'];

/** The days of a calendar month ('2026-11' → 1–30 November). */
export function monthPeriod(month: string): StatementPeriod {
  const from = `${month}-01`;
  // 31 days after the first is always in the next month; the day before its first is this month's last.
  const nextFirst = `${addDays(from, 31).slice(0, 7)}-01`;
  return { from, to: addDays(nextFirst, -1) };
}

type Mode = 'month' | 'range';
type TotalRow = { kind: LedgerKind; count: number; total: number };
type RangeForm = { from: string; to: string };

export function StatementDrawer({
  siteId,
  timeZone,
  agency,
  onClose,
}: {
  siteId: string;
  timeZone: string;
  agency: AgencyView | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const firstField = useRef<InputRef>(null);
  return (
    <Drawer
      open={agency !== undefined}
      title={t('agencies.statement.title', { name: agency?.name ?? '' })}
      size={1100}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        // The drawer takes the focus when it opens; hand it to the month, the first thing to change.
        if (visible) firstField.current?.focus();
      }}
    >
      {agency === undefined ? null : (
        <StatementView siteId={siteId} timeZone={timeZone} agency={agency} firstField={firstField} />
      )}
    </Drawer>
  );
}

function StatementView({
  siteId,
  timeZone,
  agency,
  firstField,
}: {
  siteId: string;
  timeZone: string;
  agency: AgencyView;
  firstField: RefObject<InputRef | null>;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('month');
  const [period, setPeriod] = useState<StatementPeriod>(() => previousCalendarMonth(todayAtSite(timeZone)));
  const [rangeForm] = Form.useForm<RangeForm>();
  const statement = useQuery(agencyStatementQuery(siteId, agency.id, period));
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const download = (format: 'csv' | 'xlsx') => {
    setExporting(format);
    setExportError(null);
    agencyStatementFile(siteId, agency.id, period, format).then(
      (blob) => {
        saveFile(
          blob,
          `${t('agencies.statement.filename')}-${agency.code}-${period.from}_${period.to}.${format}`,
        );
        setExporting(null);
      },
      (error: unknown) => {
        setExportError(errorText(error, t));
        setExporting(null);
      },
    );
  };

  return (
    <div className="admit-stack">
      <Space wrap align="end">
        <Radio.Group
          value={mode}
          onChange={(event) => setMode(event.target.value as Mode)}
          optionType="button"
          aria-label={t('agencies.statement.period')}
          options={[
            { value: 'month', label: t('agencies.statement.byMonth') },
            { value: 'range', label: t('agencies.statement.byRange') },
          ]}
          data-testid="statement-mode"
        />
        {mode === 'month' ? (
          <span>
            <label htmlFor="statement-month" className="admit-inline-label">
              {t('agencies.statement.month')}
            </label>
            <Input
              ref={firstField}
              id="statement-month"
              type="month"
              autoFocus
              value={period.from.slice(0, 7)}
              max={todayAtSite(timeZone).slice(0, 7)}
              onChange={(event) => {
                const month = event.target.value;
                if (/^\d{4}-\d{2}$/.test(month)) setPeriod(monthPeriod(month));
              }}
              className="admit-input-medium"
              data-testid="statement-month"
            />
          </span>
        ) : (
          <Form<RangeForm>
            form={rangeForm}
            layout="inline"
            initialValues={period}
            onFinish={(values) => setPeriod({ from: values.from, to: values.to })}
            aria-label={t('agencies.statement.byRange')}
          >
            <Form.Item
              name="from"
              label={t('agencies.statement.from')}
              rules={[{ required: true, message: t('agencies.statement.periodRequired') }]}
            >
              <Input type="date" autoFocus data-testid="statement-from" />
            </Form.Item>
            <Form.Item
              name="to"
              label={t('agencies.statement.to')}
              dependencies={['from']}
              rules={[
                { required: true, message: t('agencies.statement.periodRequired') },
                ({ getFieldValue }) => ({
                  validator: (_rule, value: string | undefined) => {
                    const from = getFieldValue('from') as string | undefined;
                    if (!from || !value) return Promise.resolve();
                    const problem = statementPeriodProblem({ from, to: value });
                    return problem === null
                      ? Promise.resolve()
                      : Promise.reject(new Error(t(`agencies.statement.problems.${problem}`)));
                  },
                }),
              ]}
            >
              <Input type="date" data-testid="statement-to" />
            </Form.Item>
            <Button htmlType="submit" data-testid="statement-apply">
              {t('agencies.statement.apply')}
            </Button>
          </Form>
        )}
        <Button
          onClick={() => download('csv')}
          loading={exporting === 'csv'}
          disabled={statement.data === undefined}
          data-testid="statement-csv"
        >
          {t('agencies.statement.exportCsv')}
        </Button>
        <Button
          onClick={() => download('xlsx')}
          loading={exporting === 'xlsx'}
          disabled={statement.data === undefined}
          data-testid="statement-xlsx"
        >
          {t('agencies.statement.exportXlsx')}
        </Button>
      </Space>
      {exportError === null ? null : <Alert type="error" showIcon role="alert" title={exportError} />}
      {statement.isPending ? <Loading /> : null}
      {statement.isError ? (
        <Alert type="error" showIcon role="alert" title={errorText(statement.error, t)} />
      ) : null}
      {statement.data === undefined ? null : <StatementBody statement={statement.data} />}
    </div>
  );
}

function StatementBody({ statement }: { statement: AgencyStatementView }) {
  const { t } = useTranslation();
  const zone = statement.site.timeZone;
  const columns: TableColumnsType<StatementLine> = [
    {
      key: 'at',
      title: t('agencies.statement.columns.at'),
      className: 'admit-nowrap',
      render: (_value, line) => dateTimeAtSite(line.at, zone),
    },
    {
      key: 'kind',
      title: t('agencies.statement.columns.kind'),
      className: 'admit-nowrap',
      render: (_value, line) => t(`agencies.statement.kinds.${line.kind}`),
    },
    {
      key: 'order',
      title: t('agencies.statement.columns.order'),
      className: 'admit-nowrap',
      render: (_value, line) =>
        line.orderNumber === null
          ? null
          : line.orderChannel === null || line.orderChannel === 'box_office'
            ? line.orderNumber
            : `${line.orderNumber} · ${t(`agencies.statement.channels.${line.orderChannel}`)}`,
    },
    {
      key: 'visitDate',
      title: t('agencies.statement.columns.visitDate'),
      className: 'admit-nowrap',
      dataIndex: 'visitDate',
    },
    {
      key: 'tickets',
      title: t('agencies.statement.columns.tickets'),
      align: 'right',
      dataIndex: 'ticketCount',
    },
    {
      key: 'amount',
      title: t('agencies.statement.columns.amount'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, line) => formatFen(line.amount),
    },
    {
      key: 'balance',
      title: t('agencies.statement.columns.balance'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, line) => (
        <span className={line.balance < 0 ? 'admit-sell-error' : undefined}>{formatFen(line.balance)}</span>
      ),
    },
    {
      key: 'reference',
      title: t('agencies.statement.columns.reference'),
      render: (_value, line) =>
        [line.reference === line.orderNumber ? '' : line.reference, line.note].filter(Boolean).join(' · '),
    },
  ];

  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        data-testid="statement-summary"
        items={[
          {
            key: 'period',
            label: t('agencies.statement.period'),
            children: `${statement.from} – ${statement.to}`,
            span: { xs: 1, sm: 2, lg: 4 },
          },
          {
            key: 'opening',
            label: t('agencies.statement.opening'),
            children: <span data-testid="statement-opening">{formatFen(statement.openingBalance)}</span>,
          },
          {
            key: 'closing',
            label: t('agencies.statement.closing'),
            children: <span data-testid="statement-closing">{formatFen(statement.closingBalance)}</span>,
          },
          {
            key: 'due',
            label: t('agencies.statement.amountDue'),
            children: (
              <strong
                data-testid="statement-due"
                className={statement.amountDue > 0 ? 'admit-sell-error' : undefined}
              >
                {formatFen(statement.amountDue)}
              </strong>
            ),
          },
          {
            key: 'available',
            label: t('agencies.statement.availableCredit'),
            children: <span data-testid="statement-available">{formatFen(statement.availableCredit)}</span>,
          },
        ]}
      />
      <Table<StatementLine>
        rowKey="id"
        scroll={{ x: 'max-content' }}
        size="small"
        columns={columns}
        dataSource={statement.lines}
        pagination={false}
        locale={{ emptyText: t('agencies.statement.noLines') }}
        data-testid="statement-lines"
        summary={() => (
          <Table.Summary>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={6}>
                {t('agencies.statement.closing')}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                {formatFen(statement.closingBalance)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} />
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
      <Table<TotalRow>
        rowKey="kind"
        size="small"
        pagination={false}
        aria-label={t('agencies.statement.totals')}
        title={() => t('agencies.statement.totals')}
        data-testid="statement-totals"
        columns={[
          {
            key: 'kind',
            title: t('agencies.statement.columns.kind'),
            render: (_value, row) => t(`agencies.statement.kinds.${row.kind}`),
          },
          { key: 'count', title: t('agencies.statement.columns.count'), align: 'right', dataIndex: 'count' },
          {
            key: 'total',
            title: t('agencies.statement.columns.amount'),
            align: 'right',
            render: (_value, row) => formatFen(row.total),
          },
        ]}
        dataSource={kinds.map((kind) => ({
          kind,
          count: statement.counts[kind],
          total: statement.totals[kind],
        }))}
      />
    </>
  );
}

/** Hands a downloaded file to the browser to save under `name`. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
