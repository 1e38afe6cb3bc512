// The ticket types sellable for the chosen session, each on its number key (1–9) with its name, price
// and places left. A click adds a ticket like the key does; the button keeps focus where it was, so
// the next key press still goes to the sell screen.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BoxOfficeProduct } from '../../api/sales';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';

export function ProductKeys({
  products,
  remainingOf,
  onAdd,
}: {
  products: readonly BoxOfficeProduct[];
  /** Places left for a ticket type in the chosen session (null: not limited by the session). */
  remainingOf: (productId: string) => number | null;
  onAdd: (product: BoxOfficeProduct) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (products.length === 0) {
    return <p className="admit-muted">{t('sell.noProducts')}</p>;
  }
  return (
    <ol className="admit-sell-keys" aria-label={t('sell.productsLabel')}>
      {products.map((product, index) => {
        const remaining = remainingOf(product.id);
        const name = localized(locale, product.nameZh, product.nameEn);
        const key = index < 9 ? String(index + 1) : null;
        return (
          <li key={product.id}>
            <button
              type="button"
              className="admit-sell-key"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onAdd(product)}
              disabled={remaining !== null && remaining <= 0}
              aria-keyshortcuts={key ?? undefined}
              data-testid={`product-key-${product.code}`}
            >
              {key === null ? (
                <span className="admit-sell-key-digit" />
              ) : (
                <kbd className="admit-sell-key-digit">{key}</kbd>
              )}
              <span className="admit-sell-key-name">{name}</span>
              <span className="admit-sell-key-price">{formatFen(product.price)}</span>
              <span className="admit-sell-key-meta">
                {remaining === null ? null : t('sell.placesLeft', { count: remaining })}
                {product.realName ? <Tag color="blue">{t('sell.realName')}</Tag> : null}
                {product.requiredDocuments.length > 0 ? <Tag>{t('sell.documentShown')}</Tag> : null}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
