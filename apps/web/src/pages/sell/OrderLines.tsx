// The order on the counter: one line per ticket type with its quantity (−/+ or typed), amount, the
// document shown for a discounted or free ticket, and a holder row per real-name ticket. The holder's
// number field takes an ID-card reader, which types the number and Enter: Enter moves to the next
// holder, and after the last one back to the sell screen, where the next Enter opens the payment.
import { discountDocuments } from '@admit/domain';
import { Button, Input, InputNumber, Select, Space } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { documentKinds, type BoxOfficeProduct, type DocumentKind } from '../../api/sales';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { ageRangeText } from '../catalog/labels';
import type { HolderCheck } from './holderChecks';
import type { HolderDraft, LineDraft, SaleAction } from './saleModel';

export function holderFieldId(productId: string, index: number): string {
  return `holder-${productId}-${index}`;
}

export function OrderLines({
  lines,
  products,
  unitPrice,
  checks,
  dispatch,
  onHoldersDone,
}: {
  lines: readonly LineDraft[];
  products: ReadonlyMap<string, BoxOfficeProduct>;
  unitPrice: (productId: string) => number;
  checks: ReadonlyMap<string, HolderCheck>;
  dispatch: (action: SaleAction) => void;
  /** Enter in the last holder's number field. */
  onHoldersDone: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const holderIds = lines.flatMap((line) =>
    line.holders.map((_holder, index) => holderFieldId(line.productId, index)),
  );

  const nextHolder = (id: string) => {
    const next = holderIds[holderIds.indexOf(id) + 1];
    if (next === undefined) onHoldersDone();
    else document.getElementById(next)?.focus();
  };

  return (
    <ul className="admit-sell-lines" data-testid="order-lines">
      {lines.map((line) => {
        const product = products.get(line.productId);
        if (product === undefined) return null;
        const name = localized(locale, product.nameZh, product.nameEn);
        const price = unitPrice(line.productId);
        return (
          <li key={line.productId} className="admit-sell-line" data-testid={`line-${product.code}`}>
            <div className="admit-sell-line-main">
              <span className="admit-sell-line-name">{name}</span>
              <span className="admit-sell-line-unit">{formatFen(price)}</span>
              <Space.Compact>
                <Button
                  onClick={() => dispatch({ type: 'setQuantity', product, quantity: line.quantity - 1 })}
                  aria-label={t('sell.lessOf', { name })}
                >
                  −
                </Button>
                <InputNumber
                  value={line.quantity}
                  min={0}
                  max={1000}
                  precision={0}
                  controls={false}
                  className="admit-sell-qty"
                  aria-label={t('sell.quantityOf', { name })}
                  data-testid={`quantity-${product.code}`}
                  onChange={(value) => {
                    if (typeof value === 'number')
                      dispatch({ type: 'setQuantity', product, quantity: value });
                  }}
                />
                <Button
                  onClick={() => dispatch({ type: 'setQuantity', product, quantity: line.quantity + 1 })}
                  aria-label={t('sell.moreOf', { name })}
                >
                  +
                </Button>
              </Space.Compact>
              <span className="admit-sell-line-amount" data-testid={`amount-${product.code}`}>
                {formatFen(price * line.quantity)}
              </span>
            </div>
            {product.requiredDocuments.length > 0 ? (
              <div className="admit-sell-line-docs">
                <label htmlFor={`doc-${product.id}`}>{t('sell.documentShown')}</label>
                <Select
                  id={`doc-${product.id}`}
                  value={line.discountDocument ?? undefined}
                  className="admit-sell-doc"
                  onChange={(value: string) =>
                    dispatch({ type: 'setDiscount', productId: product.id, discountDocument: value })
                  }
                  options={product.requiredDocuments.map((document) => ({
                    value: document,
                    label: documentLabel(t, document),
                  }))}
                  data-testid={`document-${product.code}`}
                />
                <Input
                  value={line.discountReason}
                  maxLength={200}
                  placeholder={t('sell.reasonPlaceholder')}
                  aria-label={t('sell.reasonOf', { name })}
                  className="admit-sell-reason"
                  onChange={(event) =>
                    dispatch({
                      type: 'setDiscount',
                      productId: product.id,
                      discountReason: event.target.value,
                    })
                  }
                />
              </div>
            ) : null}
            {line.holders.length > 0 ? (
              <ol className="admit-sell-holders" aria-label={t('sell.holdersOf', { name })}>
                {line.holders.map((holder, index) => (
                  <HolderRow
                    key={index}
                    id={holderFieldId(product.id, index)}
                    index={index}
                    holder={holder}
                    check={checks.get(`${product.id}:${index}`)}
                    product={product}
                    onChange={(patch) => dispatch({ type: 'setHolder', productId: product.id, index, patch })}
                    onEnter={() => nextHolder(holderFieldId(product.id, index))}
                  />
                ))}
              </ol>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function documentLabel(t: TFunction, document: string): string {
  const known = discountDocuments.find((candidate) => candidate === document);
  return known === undefined ? document : t(`catalog.documents.${known}`);
}

function HolderRow({
  id,
  index,
  holder,
  check,
  product,
  onChange,
  onEnter,
}: {
  id: string;
  index: number;
  holder: HolderDraft;
  check: HolderCheck | undefined;
  product: BoxOfficeProduct;
  onChange: (patch: Partial<HolderDraft>) => void;
  onEnter: () => void;
}) {
  const { t } = useTranslation();
  const error = check?.error ?? null;
  const messageId = `${id}-message`;
  return (
    <li className="admit-sell-holder" data-testid={id}>
      <span className="admit-sell-holder-index">{index + 1}</span>
      <Select<DocumentKind>
        value={holder.documentKind}
        onChange={(documentKind) => onChange({ documentKind })}
        options={documentKinds.map((kind) => ({ value: kind, label: t(`sell.documentKinds.${kind}`) }))}
        aria-label={t('sell.holderKind', { index: index + 1 })}
        className="admit-sell-holder-kind"
        popupMatchSelectWidth={false}
      />
      <Input
        id={id}
        value={holder.documentNumber}
        maxLength={40}
        autoComplete="off"
        spellCheck={false}
        placeholder={t('sell.holderNumber')}
        aria-label={t('sell.holderNumberOf', { index: index + 1 })}
        aria-invalid={error !== null}
        aria-describedby={messageId}
        status={error !== null ? 'error' : check?.ageWarning != null ? 'warning' : undefined}
        className="admit-sell-holder-number"
        onChange={(event) => onChange({ documentNumber: event.target.value })}
        onPressEnter={(event) => {
          event.preventDefault();
          onEnter();
        }}
      />
      <Input
        value={holder.name}
        maxLength={60}
        autoComplete="off"
        placeholder={t('sell.holderName')}
        aria-label={t('sell.holderNameOf', { index: index + 1 })}
        className="admit-sell-holder-name"
        onChange={(event) => onChange({ name: event.target.value })}
      />
      <span id={messageId} className="admit-sell-holder-message" role={error !== null ? 'alert' : undefined}>
        {error !== null ? (
          <span className="admit-sell-error">{t(`sell.holderErrors.${error}`)}</span>
        ) : check?.ageWarning != null ? (
          <span className="admit-sell-warning" data-testid={`${id}-age`}>
            {t('sell.ageWarning', {
              age: check.ageWarning,
              range: ageRangeText(t, product.minAge, product.maxAge),
            })}
          </span>
        ) : null}
      </span>
    </li>
  );
}
