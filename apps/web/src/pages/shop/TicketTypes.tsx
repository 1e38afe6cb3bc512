// The ticket types of the chosen day (and the add-ons in their own section): name, online price, who
// qualifies, what to bring, the refund rule, a quantity stepper within the per-order limits, and for a
// real-name type one holder form per ticket, checked as it is typed.
import type { IdentityDocumentKind } from '@admit/domain';
import { Button, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import {
  availabilityOf,
  emptyHolder,
  steppedQuantity,
  type CartCheck,
  type HolderCheck,
  type HolderDraft,
  type ShopCart,
} from './cart';
import { ageText, bringText, refundRuleTexts } from './display';
import type { ShopProduct, ShopSession, ShopSite } from './shopApi';

const documentKinds: readonly IdentityDocumentKind[] = [
  'resident_id',
  'passport',
  'hk_macau_permit',
  'taiwan_permit',
  'foreigner_permanent_residence',
];

export function TicketTypes({
  title,
  headingId,
  products,
  site,
  session,
  cart,
  check,
  onQuantity,
  onHolder,
}: {
  title: string;
  headingId: string;
  products: readonly ShopProduct[];
  site: ShopSite;
  session: ShopSession | null;
  cart: ShopCart;
  check: CartCheck;
  onQuantity: (product: ShopProduct, quantity: number) => void;
  onHolder: (product: ShopProduct, index: number, change: Partial<HolderDraft>) => void;
}) {
  return (
    <section className="admit-shop-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <ul className="admit-shop-products">
        {products.map((product) => (
          <TicketType
            key={product.id}
            product={product}
            site={site}
            session={session}
            cart={cart}
            check={check}
            onQuantity={onQuantity}
            onHolder={onHolder}
          />
        ))}
      </ul>
    </section>
  );
}

function TicketType({
  product,
  site,
  session,
  cart,
  check,
  onQuantity,
  onHolder,
}: {
  product: ShopProduct;
  site: ShopSite;
  session: ShopSession | null;
  cart: ShopCart;
  check: CartCheck;
  onQuantity: (product: ShopProduct, quantity: number) => void;
  onHolder: (product: ShopProduct, index: number, change: Partial<HolderDraft>) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const name = localized(locale, product.nameZh, product.nameEn);
  const quantity = cart.quantities[product.id] ?? 0;
  const availability = availabilityOf(product, site, session);
  const max = availability.available ? availability.max : 0;
  const overMax = check.overMax.get(product.id);
  const description = localized(locale, product.descriptionZh, product.descriptionEn);
  const eligibility = localized(locale, product.eligibilityZh, product.eligibilityEn);
  const facts = [
    eligibility === '' ? null : t('shop.booking.eligibility', { text: eligibility }),
    ageText(product, t),
    bringText(product.requiredDocuments, t),
    refundRuleTexts(product, t).join(' · '),
  ].filter((fact): fact is string => fact !== null && fact !== '');
  const code = product.code;

  return (
    <li className="admit-shop-product" data-testid={`shop-product-${code}`}>
      <div className="admit-shop-product-head">
        <div>
          <h3 className="admit-shop-product-name">
            {name} {product.realName ? <Tag color="blue">{t('shop.booking.realName')}</Tag> : null}
          </h3>
          {description === '' ? null : <p className="admit-shop-muted admit-shop-small">{description}</p>}
        </div>
        <span className="admit-shop-price" data-testid={`shop-price-${code}`}>
          {formatFen(product.price)}
        </span>
      </div>
      <ul className="admit-shop-facts">
        {facts.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
      <div className="admit-shop-product-foot">
        <span className="admit-shop-muted admit-shop-small">
          {availability.available
            ? t('shop.booking.perOrder', { min: Math.max(1, product.minPerOrder), max })
            : t(`shop.booking.unavailable.${availability.reason}`)}
        </span>
        <div
          className="admit-shop-stepper"
          role="group"
          aria-label={t('shop.booking.quantityOf', { name })}
          data-testid={`shop-qty-${code}`}
        >
          <Button
            aria-label={t('shop.booking.decrease', { name })}
            disabled={quantity === 0}
            onClick={() => onQuantity(product, steppedQuantity(quantity, -1, product, max))}
            data-testid={`shop-qty-${code}-dec`}
          >
            −
          </Button>
          <output aria-live="polite" data-testid={`shop-qty-${code}-value`}>
            {quantity}
          </output>
          <Button
            aria-label={t('shop.booking.increase', { name })}
            disabled={!availability.available || quantity >= max}
            onClick={() => onQuantity(product, steppedQuantity(quantity, 1, product, max))}
            data-testid={`shop-qty-${code}-inc`}
          >
            +
          </Button>
        </div>
      </div>
      {overMax === undefined ? null : (
        <p className="admit-shop-error" role="alert">
          {t('shop.booking.overMax', { max: overMax })}
        </p>
      )}
      {product.realName && quantity > 0 ? (
        <div className="admit-shop-holders">
          <p className="admit-shop-muted admit-shop-small">{t('shop.booking.holdersHint')}</p>
          {Array.from({ length: quantity }, (_, index) => (
            <HolderFields
              key={index}
              product={product}
              productName={name}
              index={index}
              holder={cart.holders[product.id]?.[index] ?? emptyHolder}
              check={check.holders.get(`${product.id}:${index}`)}
              onChange={(change) => onHolder(product, index, change)}
            />
          ))}
        </div>
      ) : null}
    </li>
  );
}

function HolderFields({
  product,
  productName,
  index,
  holder,
  check,
  onChange,
}: {
  product: ShopProduct;
  productName: string;
  index: number;
  holder: HolderDraft;
  check: HolderCheck | undefined;
  onChange: (change: Partial<HolderDraft>) => void;
}) {
  const { t } = useTranslation();
  const id = `shop-holder-${product.id}-${index}`;
  const testId = `shop-holder-${product.code}-${index + 1}`;
  const nameError = check?.name ?? null;
  const numberError = check?.number ?? null;
  return (
    <fieldset className="admit-shop-holder" data-testid={testId}>
      <legend>{t('shop.booking.holderTitle', { name: productName, index: index + 1 })}</legend>
      <div className="admit-shop-field">
        <label htmlFor={`${id}-name`}>{t('shop.booking.holderName')}</label>
        <Input
          id={`${id}-name`}
          value={holder.name}
          autoComplete="name"
          maxLength={60}
          status={nameError === null ? undefined : 'error'}
          aria-invalid={nameError !== null}
          aria-describedby={nameError === null ? undefined : `${id}-name-error`}
          onChange={(event) => onChange({ name: event.target.value })}
          data-testid={`${testId}-name`}
        />
        {nameError === null ? null : (
          <span id={`${id}-name-error`} className="admit-shop-error">
            {t(`shop.booking.holderErrors.${nameError}`)}
          </span>
        )}
      </div>
      <div className="admit-shop-field">
        <label htmlFor={`${id}-kind`}>{t('shop.booking.holderKind')}</label>
        <select
          id={`${id}-kind`}
          className="admit-shop-select"
          value={holder.documentKind}
          onChange={(event) => onChange({ documentKind: event.target.value as IdentityDocumentKind })}
          data-testid={`${testId}-kind`}
        >
          {documentKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`shop.booking.documentKinds.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="admit-shop-field">
        <label htmlFor={`${id}-number`}>{t('shop.booking.holderNumber')}</label>
        <Input
          id={`${id}-number`}
          value={holder.documentNumber}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          status={numberError === null ? undefined : 'error'}
          aria-invalid={numberError !== null}
          aria-describedby={numberError === null ? undefined : `${id}-number-error`}
          onChange={(event) => onChange({ documentNumber: event.target.value })}
          data-testid={`${testId}-number`}
        />
        {numberError === null ? null : (
          <span id={`${id}-number-error`} className="admit-shop-error">
            {t(`shop.booking.holderErrors.${numberError}`)}
          </span>
        )}
        {check?.ageWarning == null ? null : (
          <span className="admit-shop-warning">
            {t('shop.booking.ageWarning', { age: check.ageWarning })}
          </span>
        )}
      </div>
    </fieldset>
  );
}
