// The box-office sell screen (售票), built for the keyboard and the barcode scanner: with the session
// chosen, "2 adults + 1 child for exact cash" is `1 1 2 Enter Enter`. The site (remembered), today's
// date and the next session with places are preselected; number keys add tickets; Enter opens the
// payment on cash with the exact amount, and Enter again sells. Refusals show the server's message next
// to what caused it and never clear the form. After a sale, V voids it (作废, after a confirmation);
// J closes the shift (交班). The keys are in ./keys.ts.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addDays } from '@admit/domain';
import { Alert, App as AntApp, Button } from 'antd';
import { useCallback, useEffect, useEffectEvent, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { refundTickets, type RefundRequest, type RefundResponse } from '../../api/afterSale';
import { quotePrice, type SiteView } from '../../api/catalog';
import { ApiError } from '../../api/client';
import {
  boxOfficeQuery,
  cancelPayment,
  currentShiftQuery,
  newIdempotencyKey,
  printerTestUrl,
  printPdf,
  printTickets,
  queryPayment,
  salesQueryKey,
  sell,
  type BoxOfficeProduct,
  type OrderView,
  type PaymentMethod,
  type PrintLayout,
  type SalePayment,
  type SaleResponse,
} from '../../api/sales';
import { errorText } from '../../components/errorText';
import { SitePage } from '../../components/SitePage';
import { formatFen } from '../../format';
import { Loading, LoadError } from '../catalog/QueryStates';
import { needsSupervisor } from '../orders/afterSaleModel';
import { ApprovalModal, type Approval } from './ApprovalModal';
import { ExplainerModal, type ExplainedLine } from './ExplainerModal';
import { OpenShiftModal } from './OpenShiftModal';
import { checkHolders, hasHolderErrors } from './holderChecks';
import {
  isControl,
  isTextField,
  SELL_KEY_LEGEND,
  sellCommand,
  type SellCommand,
  type SellPhase,
} from './keys';
import { holderFieldId, OrderLines } from './OrderLines';
import { PaymentPanel } from './PaymentPanel';
import { ProductKeys } from './ProductKeys';
import { PrintTickets } from './PrintTickets';
import { SaleResult } from './SaleResult';
import { emptyDraft, keyedProducts, localTotal, saleReducer, ticketCount } from './saleModel';
import { errorPlace, SaleAttempt, saleRequest, type ErrorPlace } from './saleRequest';
import { sessionSellable, SessionPicker } from './SessionPicker';
import { LAYOUT_KEY, readStored, SITE_KEY, store } from './storage';

/** How often a payment code waiting for the customer's password is asked about. */
export const PAYMENT_POLL_MS = 1500;

export function SellPage() {
  const { t } = useTranslation();
  return (
    <SitePage
      title={t('shell.nav.items.boxOffice')}
      storageKey={SITE_KEY}
      pickerId="sell-site"
      pickerLabel={t('catalog.site.label')}
      noSites={t('sell.noSites')}
    >
      {/* A fresh counter per site: nothing of one site's order carries over to another. */}
      {(site) => <SellCounter key={site.id} site={site} />}
    </SitePage>
  );
}

type SaleError = { place: ErrorPlace; message: string };

function SellCounter({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [date, setDate] = useState<string | undefined>(undefined);
  const boxOffice = useQuery({ ...boxOfficeQuery(site.id, date), placeholderData: keepPreviousData });
  const data = boxOffice.data;
  const [sessionChoice, setSessionChoice] = useState<{ date: string; id: string } | null>(null);
  const [draft, dispatch] = useReducer(saleReducer, emptyDraft);
  const [phase, setPhase] = useState<SellPhase>('order');
  const [payMethod, setPayMethod] = useState<PaymentMethod>('cash');
  const [paymentSeq, setPaymentSeq] = useState(0);
  const [saleError, setSaleError] = useState<SaleError | null>(null);
  const [orderProblem, setOrderProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [explaining, setExplaining] = useState(false);
  const [approvalFor, setApprovalFor] = useState<{ payments: SalePayment[]; guide: Guide } | null>(null);
  const [approvalError, setApprovalError] = useState<string | null>(null);
  const [waitingSale, setWaitingSale] = useState<SaleResponse | null>(null);
  const [result, setResult] = useState<SaleResponse | null>(null);
  const [layout, setLayout] = useState<PrintLayout>(() =>
    readStored(LAYOUT_KEY) === '58mm' ? '58mm' : '80mm',
  );
  const [printOrder, setPrintOrder] = useState<OrderView | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  const [openingShift, setOpeningShift] = useState(false);
  const navigate = useNavigate();
  const { modal } = AntApp.useApp();
  const [voidAsking, setVoidAsking] = useState(false);
  const [voidApproving, setVoidApproving] = useState(false);
  const [voidApprovalError, setVoidApprovalError] = useState<string | null>(null);
  const [voided, setVoided] = useState<RefundResponse | null>(null);
  const [voidError, setVoidError] = useState<string | null>(null);
  const voidAttempt = useRef(new SaleAttempt<RefundRequest>(newIdempotencyKey));
  // A box-office sale goes into the seller's open shift; an unknown answer (no such route, no
  // permission to ask) blocks nothing: the server has the last word.
  const shift = useQuery({ ...currentShiftQuery(site.id), retry: false });
  const noShift = shift.data === null;
  const attempt = useRef(new SaleAttempt(newIdempotencyKey));
  const rootRef = useRef<HTMLDivElement>(null);

  const visitDate = data?.date ?? date ?? '';
  const sessionId =
    data === undefined
      ? null
      : sessionChoice !== null && sessionChoice.date === data.date
        ? sessionChoice.id
        : data.suggestedSessionId;
  const session = data?.sessions.find((candidate) => candidate.id === sessionId) ?? null;
  const products = useMemo(
    () => new Map((data?.products ?? []).map((product) => [product.id, product])),
    [data],
  );
  const keyed = useMemo(
    () =>
      keyedProducts(
        data?.products ?? [],
        session === null ? null : session.products.map((entry) => entry.productId),
      ),
    [data, session],
  );
  const remainingOf = (productId: string): number | null => {
    const product = products.get(productId);
    if (product === undefined || !product.bySession || session === null) return null;
    return session.products.find((entry) => entry.productId === productId)?.remaining ?? session.remaining;
  };

  // The server's quote (group prices, and why each line costs what it costs); the box-office prices
  // stand in until it arrives.
  const quantities = draft.lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));
  const quote = useQuery({
    queryKey: [...salesQueryKey, site.id, 'quote', visitDate, quantities],
    queryFn: () => quotePrice(site.id, { date: visitDate, channel: 'box_office', quantities }),
    enabled: quantities.length > 0 && visitDate !== '',
    retry: false,
  });
  const quoteFits =
    quote.data !== undefined &&
    quote.data.date === visitDate &&
    quote.data.lines.length === quantities.length &&
    quantities.every((entry) =>
      quote.data.lines.some((line) => line.productId === entry.productId && line.quantity === entry.quantity),
    );
  const boxPrice = (productId: string) => products.get(productId)?.price ?? 0;
  const unitPrice = (productId: string) => {
    const line = quoteFits
      ? quote.data?.lines.find((candidate) => candidate.productId === productId)
      : undefined;
    return line === undefined
      ? boxPrice(productId)
      : line.quantity === 0
        ? 0
        : Math.round(line.amount / line.quantity);
  };
  const total = quoteFits && quote.data !== undefined ? quote.data.total : localTotal(draft, boxPrice);

  const checks = useMemo(
    () => checkHolders(draft.lines, products, { today: data?.today ?? visitDate, visitDate, submitting }),
    [draft.lines, products, data?.today, visitDate, submitting],
  );

  const focusRoot = useCallback(() => rootRef.current?.focus({ preventScroll: true }), []);
  // The screen takes the keys once it is there (after the day has loaded, also after a site change).
  const loaded = data !== undefined;
  useEffect(() => {
    if (loaded) focusRoot();
  }, [loaded, focusRoot]);

  const needsGuide = draft.lines.some((line) => products.get(line.productId)?.category === 'group');
  const needsApproval =
    data !== undefined &&
    !data.canApprove &&
    draft.lines.some((line) => products.get(line.productId)?.category === 'complimentary');

  const showError = (error: unknown) => {
    const place = errorPlace(error);
    const message = errorText(error, t);
    if (place === 'approval') {
      setApprovalError(message);
      return;
    }
    setSaleError({ place, message });
    if (place === 'shift') {
      // The payment stays as typed: open the shift, then confirm again.
      void client.invalidateQueries({ queryKey: [...salesQueryKey, site.id, 'shift'] });
      setOpeningShift(true);
      return;
    }
    if (place === 'session') void client.invalidateQueries({ queryKey: [...salesQueryKey, site.id] });
    // Back to the order where the order (or the session) is the cause; the payment form stays as typed.
    if (place !== 'payment') setPhase('order');
  };

  const finish = (sale: SaleResponse) => {
    setVoided(null);
    setVoidError(null);
    setWaitingSale(null);
    setApprovalFor(null);
    setResult(sale);
    setPrintOrder(null);
    setPrintError(null);
    setPhase('done');
    void client.invalidateQueries({ queryKey: [...salesQueryKey, site.id, 'box-office'] });
  };

  const saleMutation = useMutation({
    mutationFn: ({
      payments,
      guide,
      approval,
    }: {
      payments: SalePayment[];
      guide: Guide;
      approval: Approval | null;
    }) => {
      const request = saleRequest(draft, payments, {
        visitDate,
        terminal: shift.data?.terminal ?? '01',
        sessionId,
        guide,
        approval,
      });
      return sell(site.id, request, attempt.current.keyFor(request));
    },
    onSuccess: (sale) => {
      attempt.current.settled();
      setSaleError(null);
      setApprovalError(null);
      setApprovalFor(null);
      if (sale.order.status === 'pending') {
        setWaitingSale(sale);
        setPhase('waiting');
      } else finish(sale);
    },
    onError: (error) => {
      // A definite answer ends the attempt; without one (network, server trouble) a retry reuses the key.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) attempt.current.settled();
      showError(error);
    },
  });

  // Waiting for the customer's password: ask about the payment until it is paid or declined.
  useEffect(() => {
    if (phase !== 'waiting' || waitingSale === null) return;
    let stopped = false;
    const timer = window.setTimeout(() => {
      queryPayment(site.id, waitingSale.order.id).then(
        (sale) => {
          if (stopped) return;
          if (sale.order.status === 'paid') finish(sale);
          else if (sale.order.status === 'pending') setWaitingSale(sale);
          else {
            setWaitingSale(null);
            setPhase('payment');
            setSaleError({ place: 'payment', message: t('sell.paymentNotCompleted') });
          }
        },
        (error: unknown) => {
          if (stopped) return;
          if (error instanceof ApiError && error.status > 0 && error.status < 500) {
            setWaitingSale(null);
            setPhase('payment');
            showError(error);
          } else setWaitingSale({ ...waitingSale }); // network trouble: ask again
        },
      );
    }, PAYMENT_POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
    // finish/showError are recreated each render; the poll restarts only when the waiting sale changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [phase, waitingSale, site.id]);

  const cancelWaiting = () => {
    const waiting = waitingSale;
    setWaitingSale(null);
    setPhase('payment');
    setSaleError({ place: 'payment', message: t('sell.paymentCancelled') });
    if (waiting !== null) void cancelPayment(site.id, waiting.order.id).catch(() => undefined);
  };

  const startNewSale = () => {
    dispatch({ type: 'clear' });
    setResult(null);
    setVoided(null);
    setVoidError(null);
    setSaleError(null);
    setOrderProblem(null);
    setSubmitting(false);
    setPhase('order');
    focusRoot();
  };

  /** Enter or a method key on the order: check what can be checked here, then take the money. */
  const openPayment = (method: PaymentMethod | null) => {
    if (draft.lines.length === 0) {
      setOrderProblem(t('sell.problems.empty'));
      return;
    }
    const bySession = draft.lines.some((line) => products.get(line.productId)?.bySession ?? false);
    if (bySession && (session === null || !sessionSellable(session))) {
      setOrderProblem(t('sell.problems.session'));
      return;
    }
    setSubmitting(true);
    const strict = checkHolders(draft.lines, products, {
      today: data?.today ?? visitDate,
      visitDate,
      submitting: true,
    });
    if (hasHolderErrors(strict)) {
      // The first holder to fix gets focus (an empty one is where the ID-card reader types next).
      for (const line of draft.lines) {
        const index = line.holders.findIndex(
          (_holder, i) => strict.get(`${line.productId}:${i}`)?.error != null,
        );
        if (index >= 0) {
          document.getElementById(holderFieldId(line.productId, index))?.focus();
          break;
        }
      }
      setOrderProblem(t('sell.problems.holders'));
      return;
    }
    setOrderProblem(null);
    if (saleError?.place !== 'payment') setSaleError(null);
    setPayMethod(method ?? 'cash');
    setPaymentSeq((n) => n + 1);
    setPhase('payment');
  };

  const confirmPayment = (payments: SalePayment[], guide: Guide) => {
    if (saleMutation.isPending) return;
    if (needsApproval) {
      setApprovalError(null);
      setApprovalFor({ payments, guide });
      return;
    }
    saleMutation.mutate({ payments, guide, approval: null });
  };

  const chooseSession = (step: 1 | -1) => {
    if (data === undefined) return;
    const sellable = data.sessions.filter((candidate) => sessionSellable(candidate));
    if (sellable.length === 0) return;
    const at = sellable.findIndex((candidate) => candidate.id === sessionId);
    const next = sellable[at === -1 ? 0 : Math.min(sellable.length - 1, Math.max(0, at + step))];
    if (next !== undefined) setSessionChoice({ date: data.date, id: next.id });
  };

  const changeDate = (step: 1 | -1 | 0) => {
    if (data === undefined) return;
    const next = step === 0 ? data.today : addDays(data.date, step);
    if (next < data.today) return;
    setDate(next === data.today ? undefined : next);
    setSaleError(null);
  };

  const printMutation = useMutation({
    mutationFn: (orderId: string) => printTickets(site.id, orderId, layout),
    onSuccess: ({ order }) => {
      setPrintOrder(order);
      setResult((current) => (current === null ? current : { ...current, order }));
    },
    onError: (error) => setPrintError(errorText(error, t)),
  });
  const print = () => {
    // A voided sale has no tickets left to print.
    if (result === null || voided !== null) return;
    setPrintError(null);
    printMutation.mutate(result.order.id);
  };
  // The print dialog opens once the tickets to print are on the page.
  useEffect(() => {
    if (printOrder !== null) window.print();
  }, [printOrder]);

  // Voiding the sale just made (作废): every valid ticket, no fee, money back the way it came.
  const voidMutation = useMutation({
    mutationFn: (approval: Approval | null) => {
      if (result === null) throw new Error('no sale to void');
      const body: RefundRequest = {
        ticketIds: result.order.tickets
          .filter((ticket) => ticket.status === 'valid')
          .map((ticket) => ticket.id),
        reason: '',
        void: true,
        approval,
      };
      return refundTickets(site.id, result.order.id, body, voidAttempt.current.keyFor(body));
    },
    onSuccess: (answer) => {
      voidAttempt.current.settled();
      setVoidApproving(false);
      setVoidError(null);
      setVoided(answer);
      setResult((current) => (current === null ? current : { ...current, order: answer.order }));
      void client.invalidateQueries({ queryKey: [...salesQueryKey, site.id, 'box-office'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500)
        voidAttempt.current.settled();
      if (needsSupervisor(error)) {
        setVoidApprovalError(
          error instanceof ApiError && error.code === 'approval_invalid' ? errorText(error, t) : null,
        );
        setVoidApproving(true);
        return;
      }
      setVoidApproving(false);
      setVoidError(errorText(error, t));
    },
  });

  const askVoid = () => {
    if (phase !== 'done' || result === null || voided !== null || voidAsking) return;
    setVoidAsking(true);
    setVoidError(null);
    modal.confirm({
      title: t('afterSale.void.title', { number: result.order.number }),
      content: t('afterSale.void.intro'),
      okText: t('afterSale.void.submit'),
      okButtonProps: { danger: true, 'data-testid': 'void-confirm' },
      cancelText: t('common.cancel'),
      autoFocusButton: 'ok',
      onOk: () => voidMutation.mutateAsync(null).catch(() => undefined),
      afterClose: () => {
        setVoidAsking(false);
        focusRoot();
      },
    });
  };

  const closeShiftNow = () => {
    if (phase === 'order' && draft.lines.length > 0) {
      setOrderProblem(t('sell.shift.finishOrderFirst'));
      return;
    }
    if (phase === 'payment' || phase === 'waiting') return;
    void navigate('/sell/close-shift');
  };

  const openPdf = () => {
    if (result === null || voided !== null) return;
    setPrintError(null);
    // Opened at once, inside the key press or click, so no pop-up blocker stops it; filled when the PDF arrives.
    const target = window.open('', '_blank');
    printPdf(site.id, result.order.id, layout).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        if (target !== null) target.location.href = url;
        else window.location.assign(url);
      },
      (error: unknown) => {
        target?.close();
        setPrintError(errorText(error, t));
      },
    );
  };

  const handle = (command: SellCommand, event: KeyboardEvent) => {
    const target = event.target instanceof Element ? event.target : null;
    switch (command.kind) {
      case 'explain':
        setExplaining((open) => !open);
        return;
      case 'addProduct': {
        const product = keyed[command.index];
        if (product === undefined) return;
        if (phase === 'done') startNewSale();
        setOrderProblem(null);
        dispatch({ type: 'add', product });
        return;
      }
      case 'increment':
      case 'decrement': {
        const lastId = draft.added.at(-1);
        const product = lastId === undefined ? undefined : products.get(lastId);
        const line = draft.lines.find((candidate) => candidate.productId === lastId);
        if (product === undefined || line === undefined) return;
        dispatch({
          type: 'setQuantity',
          product,
          quantity: line.quantity + (command.kind === 'increment' ? 1 : -1),
        });
        return;
      }
      case 'removeLast':
        dispatch({ type: 'removeLast' });
        return;
      case 'escape':
        if (phase === 'done') {
          startNewSale();
          return;
        }
        if (isTextField(target)) {
          focusRoot();
          return;
        }
        if (draft.lines.length === 0 || draft.clearArmed) {
          setSaleError(null);
          setOrderProblem(null);
          setSubmitting(false);
        }
        dispatch({ type: 'escape' });
        return;
      case 'pay':
        openPayment(command.method);
        return;
      case 'session':
        chooseSession(command.step);
        return;
      case 'date':
        changeDate(command.step);
        return;
      case 'print':
        print();
        return;
      case 'pdf':
        openPdf();
        return;
      case 'void':
        askVoid();
        return;
      case 'closeShift':
        closeShiftNow();
        return;
    }
  };

  // One listener for the whole screen; the payment panel listens for its own keys while it is open.
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || approvalFor !== null || openingShift || voidAsking || voidApproving) return;
    const target = event.target instanceof Element ? event.target : null;
    // Keys inside a dialog, popover or open list (other than the explainer's F2) belong to it.
    const inDialog = target?.closest('.ant-modal-wrap, .ant-popover, .ant-select-dropdown') != null;
    const command = sellCommand(event, {
      phase: phase === 'payment' ? 'waiting' : phase,
      inTextField: isTextField(target),
      onControl: isControl(target),
    });
    if (command === null || (inDialog && command.kind !== 'explain')) return;
    event.preventDefault();
    handle(command, event);
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  useEffect(() => {
    if (phase === 'order' || phase === 'done') focusRoot();
  }, [phase, focusRoot]);

  if (boxOffice.isPending) return <Loading />;
  if (boxOffice.isError || data === undefined) {
    return <LoadError error={boxOffice.error} onRetry={() => void boxOffice.refetch()} />;
  }

  const explained: ExplainedLine[] =
    draft.lines.length > 0
      ? draft.lines.map((line) => {
          const quoted = quoteFits
            ? quote.data?.lines.find((candidate) => candidate.productId === line.productId)
            : undefined;
          const product = products.get(line.productId);
          return (
            quoted ?? {
              productId: line.productId,
              quantity: line.quantity,
              unitPrice: product?.price ?? 0,
              amount: (product?.price ?? 0) * line.quantity,
              explanation: product?.explanation ?? {},
            }
          );
        })
      : keyed.map((product) => ({
          productId: product.id,
          quantity: 1,
          unitPrice: product.price,
          amount: product.price,
          explanation: product.explanation,
        }));

  const tickets = ticketCount(draft);
  const inPayment = phase === 'payment' || phase === 'waiting';

  return (
    <div
      ref={rootRef}
      tabIndex={-1}
      className="admit-sell"
      data-testid="sell-screen"
      data-phase={phase}
      aria-label={t('sell.screenLabel')}
    >
      <div className="admit-sell-left">
        <SessionPicker
          boxOffice={data}
          date={visitDate}
          sessionId={sessionId}
          onDate={(next) => {
            setDate(next === data.today ? undefined : next);
            setSaleError(null);
          }}
          onSession={(id) => {
            setSessionChoice({ date: data.date, id });
            setSaleError(null);
          }}
          error={saleError?.place === 'session' ? saleError.message : null}
        />
      </div>
      <div className="admit-sell-middle">
        <h2 className="admit-sell-heading">{t('sell.products')}</h2>
        <ProductKeys
          products={keyed}
          remainingOf={remainingOf}
          onAdd={(product: BoxOfficeProduct) => {
            if (phase === 'done') startNewSale();
            if (phase === 'order' || phase === 'done') dispatch({ type: 'add', product });
          }}
        />
        <details className="admit-sell-legend">
          <summary>{t('sell.keysTitle')}</summary>
          <dl className="admit-shortcut-list" data-testid="sell-keys">
            {SELL_KEY_LEGEND.map(([keys, message]) => (
              <div key={keys}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{t(message)}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>
      <div className="admit-sell-right">
        {noShift || saleError?.place === 'shift' ? (
          <Alert
            type="warning"
            showIcon
            className="admit-sell-alert"
            data-testid="shift-banner"
            title={saleError?.place === 'shift' ? saleError.message : t('sell.shift.none')}
            action={
              <Button onClick={() => setOpeningShift(true)} data-testid="open-shift">
                {t('sell.shift.open')}
              </Button>
            }
          />
        ) : null}
        <section className="admit-sell-order" aria-labelledby="sell-order-heading">
          <h2 id="sell-order-heading" className="admit-sell-heading">
            {t('sell.order')}
            {shift.data ? (
              <span className="admit-sell-count" data-testid="shift-info">
                {t('sell.shift.current', { terminal: shift.data.terminal })}
                <Button
                  size="small"
                  className="admit-sell-close-shift"
                  onClick={closeShiftNow}
                  title={t('afterSale.shift.closeHint')}
                  data-testid="close-shift"
                >
                  {t('afterSale.shift.close')} <kbd>J</kbd>
                </Button>
              </span>
            ) : null}
            <span className="admit-sell-count" data-testid="ticket-count">
              {t('sell.ticketCount', { count: tickets })}
            </span>
          </h2>
          {draft.lines.length === 0 ? (
            <p className="admit-muted" data-testid="order-empty">
              {phase === 'done' ? t('sell.nextSaleHint') : t('sell.emptyOrder')}
            </p>
          ) : (
            <OrderLines
              lines={draft.lines}
              products={products}
              unitPrice={unitPrice}
              checks={checks}
              dispatch={(action) => {
                if (phase === 'order') dispatch(action);
              }}
              onHoldersDone={focusRoot}
            />
          )}
          {draft.clearArmed ? (
            <Alert
              type="warning"
              showIcon
              title={t('sell.clearArmed')}
              className="admit-sell-alert"
              data-testid="clear-armed"
            />
          ) : null}
          {orderProblem === null ? null : (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={orderProblem}
              className="admit-sell-alert"
              data-testid="order-problem"
            />
          )}
          {saleError?.place === 'order' ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={saleError.message}
              className="admit-sell-alert"
              data-testid="order-error"
            />
          ) : null}
          <div className="admit-sell-total" aria-live="polite">
            <span className="admit-sell-total-label">{t('sell.total')}</span>
            <span className="admit-sell-total-amount" data-testid="sale-running-total">
              {formatFen(phase === 'done' && result !== null ? result.order.total : total)}
            </span>
            <Button type="link" onClick={() => setExplaining(true)} data-testid="explain-button">
              {t('sell.explain')} <kbd>F2</kbd>
            </Button>
          </div>
          {phase === 'order' ? (
            <Button
              type="primary"
              size="large"
              block
              disabled={draft.lines.length === 0}
              onClick={() => openPayment(null)}
              data-testid="open-payment"
            >
              {t('sell.pay')} <kbd>Enter</kbd>
            </Button>
          ) : null}
        </section>
        {inPayment ? (
          <PaymentPanel
            key={paymentSeq}
            total={total}
            initialMethod={payMethod}
            agencies={data.agencies}
            needsGuide={needsGuide}
            pending={saleMutation.isPending}
            waiting={phase === 'waiting'}
            error={saleError?.place === 'payment' ? saleError.message : null}
            onConfirm={confirmPayment}
            onBack={() => {
              setPhase('order');
              setSaleError(null);
            }}
            onCancelWaiting={cancelWaiting}
          />
        ) : null}
        {phase === 'done' && result !== null ? (
          <SaleResult
            sale={result}
            layout={layout}
            printing={printMutation.isPending}
            printError={printError}
            onLayout={(next) => {
              setLayout(next);
              store(LAYOUT_KEY, next);
            }}
            onPrint={print}
            onPdf={openPdf}
            onPrinterTest={() => window.open(printerTestUrl(site.id, layout), '_blank')}
            onNext={startNewSale}
            onVoid={askVoid}
            voided={voided}
            voidError={voidError}
          />
        ) : null}
      </div>
      <ExplainerModal
        open={explaining}
        onClose={() => setExplaining(false)}
        lines={explained}
        products={products}
        priceVersion={quoteFits ? (quote.data?.priceVersion ?? null) : null}
      />
      <ApprovalModal
        open={approvalFor !== null}
        error={approvalError}
        onApprove={(approval) => {
          if (approvalFor !== null) saleMutation.mutate({ ...approvalFor, approval });
        }}
        onCancel={() => setApprovalFor(null)}
      />
      <ApprovalModal
        open={voidApproving}
        error={voidApprovalError}
        title={t('afterSale.refund.approvalTitle')}
        intro={t('afterSale.refund.approvalIntro')}
        submitText={t('afterSale.void.submit')}
        pending={voidMutation.isPending}
        onApprove={(approval) => voidMutation.mutate(approval)}
        onCancel={() => {
          setVoidApproving(false);
          focusRoot();
        }}
      />
      <OpenShiftModal
        siteId={site.id}
        open={openingShift}
        onClose={() => {
          setOpeningShift(false);
          if (saleError?.place === 'shift') setSaleError(null);
        }}
        onClosed={() => {
          if (phase === 'order') focusRoot();
          else document.getElementById('sell-tendered')?.focus();
        }}
      />
      <PrintTickets order={printOrder} layout={layout} timeZone={data.site.timeZone} />
    </div>
  );
}

type Guide = { name: string; licence: string } | null;
