// Closing a shift (交班), blind: the seller counts the drawer by denomination — pieces typed, Enter to
// the next — and the last paper serial, and sees no expected figure until the shift is closed. When the
// drawer is over or short (长短款) the server asks for a reason, then (for a seller who may not approve)
// a supervisor's login; the count stays locked meanwhile, so the answer cannot be steered. Once
// closed: expected vs counted vs difference, money by method, tickets by type, and the printable
// shift report (交班单).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Result, type InputRef } from 'antd';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { closeShift, type ShiftReport } from '../../api/afterSale';
import type { SiteView } from '../../api/catalog';
import { ApiError } from '../../api/client';
import { currentShiftQuery, salesQueryKey, type ShiftView } from '../../api/sales';
import { errorText } from '../../components/errorText';
import { PageTitle } from '../../components/PageTitle';
import { dateTimeAtSite, formatFen } from '../../format';
import { Loading, LoadError } from '../catalog/QueryStates';
import { CounterSiteSelect, useCounterSite } from '../sell/CounterSite';
import { isTextField } from '../sell/keys';
import {
  countedRecord,
  countedTotal,
  denominationLabel,
  denominations,
  emptyCount,
  invalidCounts,
  parsePieces,
  rowAmount,
  type CountForm,
} from './cashCount';
import { printReport, ShiftReportPrint } from './PrintShiftReport';
import { ShiftReportView } from './ShiftReportView';

export function CloseShiftPage() {
  const { t } = useTranslation();
  const counter = useCounterSite();
  const { sites, site } = counter;
  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <Alert type="info" title={t('sell.noSites')} />;
  else body = <CloseShift key={site.id} site={site} />;
  return (
    <>
      <PageTitle
        title={t('afterSale.shift.title')}
        extra={<CounterSiteSelect counter={counter} id="shift-site" />}
      />
      {body}
    </>
  );
}

function CloseShift({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const shift = useQuery({ ...currentShiftQuery(site.id), retry: false });
  const [closed, setClosed] = useState<ShiftReport | null>(null);
  if (closed !== null) return <ClosedShift report={closed} site={site} />;
  if (shift.isPending) return <Loading />;
  if (shift.isError) return <LoadError error={shift.error} onRetry={() => void shift.refetch()} />;
  if (shift.data === null) {
    return (
      <Result
        status="info"
        title={t('afterSale.shift.noShift')}
        extra={
          <Button type="primary" onClick={() => void navigate('/sell')} data-testid="back-to-sell">
            {t('afterSale.shift.backToSell')}
          </Button>
        }
      />
    );
  }
  return <CountForm site={site} shift={shift.data} onClosed={setClosed} />;
}

type Step = 'count' | 'reason' | 'approval';

const countId = (denomination: number) => `count-${denomination}`;
const FIELD_ORDER = [...denominations.map(countId), 'last-serial', 'close-shift-submit'];

/** Enter in a field moves to the next one, as Tab does; the last field's Enter reaches the button. */
function focusAfter(id: string): void {
  const next = FIELD_ORDER[FIELD_ORDER.indexOf(id) + 1];
  if (next !== undefined) document.getElementById(next)?.focus();
}

function CountForm({
  site,
  shift,
  onClosed,
}: {
  site: SiteView;
  shift: ShiftView;
  onClosed: (report: ShiftReport) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [count, setCount] = useState<CountForm>(emptyCount);
  const [lastSerial, setLastSerial] = useState('');
  const [step, setStep] = useState<Step>('count');
  const [reason, setReason] = useState('');
  const [loginName, setLoginName] = useState('');
  const [password, setPassword] = useState('');
  const [checked, setChecked] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const reasonRef = useRef<InputRef>(null);
  const loginRef = useRef<InputRef>(null);
  const invalid = invalidCounts(count);

  const mutation = useMutation({
    mutationFn: () =>
      closeShift(site.id, shift.id, {
        counted: countedRecord(count),
        lastSerial: lastSerial.trim() === '' ? null : lastSerial.trim(),
        differenceReason: reason.trim(),
        approval: step === 'approval' ? { loginName: loginName.trim(), password } : null,
      }),
    onSuccess: (report) => {
      void client.invalidateQueries({ queryKey: [...salesQueryKey, site.id, 'shift'] });
      onClosed(report);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'shift_difference_reason_required') {
        setProblem(null);
        setStep('reason');
        return;
      }
      if (error instanceof ApiError && error.code === 'approval_required') {
        setProblem(null);
        setStep('approval');
        return;
      }
      if (error instanceof ApiError && error.code === 'shift_not_open') {
        void client.invalidateQueries({ queryKey: [...salesQueryKey, site.id, 'shift'] });
      }
      setProblem(errorText(error, t));
    },
  });

  // The count starts at ¥100 — after the shell has moved the focus to the page (its effect runs last).
  useEffect(() => {
    const timer = window.setTimeout(() => document.getElementById(countId(denominations[0]!))?.focus(), 0);
    return () => window.clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (step === 'reason') reasonRef.current?.focus();
    if (step === 'approval') loginRef.current?.focus();
  }, [step]);

  const submit = () => {
    if (mutation.isPending) return;
    setChecked(true);
    const first = invalid[0];
    if (first !== undefined) {
      document.getElementById(countId(first))?.focus();
      return;
    }
    if (step !== 'count' && reason.trim() === '') {
      setProblem(t('afterSale.shift.reasonRequired'));
      reasonRef.current?.focus();
      return;
    }
    if (step === 'approval' && (loginName.trim() === '' || password === '')) {
      loginRef.current?.focus();
      return;
    }
    setProblem(null);
    mutation.mutate();
  };

  const locked = step !== 'count' || mutation.isPending;
  return (
    <form
      className="admit-shift-close"
      data-testid="close-shift-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p className="admit-muted">{t('afterSale.shift.intro')}</p>
      <p data-testid="close-shift-current">
        {t('afterSale.shift.current', {
          terminal: shift.terminal,
          openedAt: dateTimeAtSite(shift.openedAt, site.timeZone),
          float: formatFen(shift.floatAmount),
        })}
      </p>
      <table className="admit-count-table">
        <thead>
          <tr>
            <th scope="col">{t('afterSale.shift.denomination')}</th>
            <th scope="col">{t('afterSale.shift.pieces')}</th>
            <th scope="col">{t('afterSale.shift.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {denominations.map((denomination) => {
            const id = countId(denomination);
            const label = denominationLabel(denomination);
            const bad = checked && parsePieces(count[`${denomination}`]) === null;
            return (
              <tr key={denomination}>
                <th scope="row">
                  <label htmlFor={id} className="admit-count-label">
                    {label}
                  </label>
                </th>
                <td>
                  <Input
                    id={id}
                    data-testid={id}
                    inputMode="numeric"
                    autoComplete="off"
                    readOnly={locked}
                    value={count[`${denomination}`]}
                    status={bad ? 'error' : undefined}
                    aria-invalid={bad}
                    aria-describedby={bad ? `${id}-error` : undefined}
                    aria-label={t('afterSale.shift.piecesOf', { denomination: label })}
                    className="admit-count-input"
                    onChange={(event) =>
                      setCount((current) => ({ ...current, [`${denomination}`]: event.target.value }))
                    }
                    onKeyDown={(event) => {
                      if (event.key !== 'Enter') return;
                      event.preventDefault();
                      focusAfter(id);
                    }}
                  />
                  {bad ? (
                    <div id={`${id}-error`} role="alert" className="admit-field-error">
                      {t('afterSale.shift.invalidPieces')}
                    </div>
                  ) : null}
                </td>
                <td className="admit-count-amount">{formatFen(rowAmount(count, denomination))}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('afterSale.shift.countedTotal')}
            </th>
            <td className="admit-count-total" data-testid="counted-total">
              {formatFen(countedTotal(count))}
            </td>
          </tr>
        </tfoot>
      </table>
      <label htmlFor="last-serial" className="admit-sell-field-label">
        {t('afterSale.shift.lastSerial')}
      </label>
      <Input
        id="last-serial"
        data-testid="last-serial"
        autoComplete="off"
        maxLength={40}
        readOnly={locked}
        value={lastSerial}
        className="admit-serial-input"
        onChange={(event) => setLastSerial(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          focusAfter('last-serial');
        }}
      />
      {step === 'count' ? null : (
        <section className="admit-shift-extra" aria-labelledby="shift-reason-heading">
          <h2 id="shift-reason-heading" className="admit-sell-heading">
            {t('afterSale.shift.reasonTitle')}
          </h2>
          <p>{t('afterSale.shift.reasonIntro')}</p>
          <label htmlFor="shift-reason" className="admit-sell-field-label">
            {t('afterSale.shift.reason')}
          </label>
          <Input
            id="shift-reason"
            ref={reasonRef}
            data-testid="shift-reason"
            maxLength={200}
            autoComplete="off"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </section>
      )}
      {step === 'approval' ? (
        <section className="admit-shift-extra" aria-labelledby="shift-approval-heading">
          <h2 id="shift-approval-heading" className="admit-sell-heading">
            {t('afterSale.shift.approvalTitle')}
          </h2>
          <p>{t('afterSale.shift.approvalIntro')}</p>
          <label htmlFor="shift-approver" className="admit-sell-field-label">
            {t('afterSale.shift.loginName')}
          </label>
          <Input
            id="shift-approver"
            ref={loginRef}
            data-testid="shift-approver"
            autoComplete="off"
            value={loginName}
            onChange={(event) => setLoginName(event.target.value)}
          />
          <label htmlFor="shift-approver-password" className="admit-sell-field-label">
            {t('afterSale.shift.password')}
          </label>
          <Input.Password
            id="shift-approver-password"
            data-testid="shift-approver-password"
            autoComplete="off"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </section>
      ) : null}
      {problem === null ? null : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={problem}
          className="admit-sell-alert"
          data-testid="close-shift-error"
        />
      )}
      <p className="admit-muted">{t('afterSale.shift.submitHint')}</p>
      <Button
        id="close-shift-submit"
        type="primary"
        size="large"
        htmlType="submit"
        loading={mutation.isPending}
        data-testid="close-shift-submit"
      >
        {step === 'count' ? t('afterSale.shift.submit') : t('afterSale.shift.resubmit')}
      </Button>
    </form>
  );
}

function ClosedShift({ report, site }: { report: ShiftReport; site: SiteView }) {
  const { t } = useTranslation();
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    const target = event.target instanceof Element ? event.target : null;
    if (isTextField(target) || target?.closest('.ant-modal-wrap, .ant-popover') != null) return;
    if (event.key === 'p' || event.key === 'P') {
      event.preventDefault();
      printReport();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  useEffect(() => {
    document.getElementById('closed-shift-heading')?.focus();
  }, []);
  return (
    <section className="admit-shift-closed" aria-labelledby="closed-shift-heading" data-testid="shift-closed">
      <h2 id="closed-shift-heading" tabIndex={-1} className="admit-sell-heading">
        {t('afterSale.shift.closed')}
      </h2>
      <ShiftReportView report={report} site={site} />
      <ShiftReportPrint report={report} site={site} />
      <Link to="/sell" className="admit-shift-back" data-testid="back-to-sell">
        {t('afterSale.shift.backToSell')}
      </Link>
    </section>
  );
}
