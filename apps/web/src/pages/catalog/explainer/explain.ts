// One sentence per priced line saying which rule decided its price, in the order pricing applies them
// (packages/domain/src/catalog/pricing.ts): free ticket types, group rules, a price rule of the version
// in force for the date's most specific day type, else the list price.
import type { TFunction } from 'i18next';
import { explanationSchema, type PriceQuote, type PriceQuoteLine } from '../../../api/catalog';
import { formatFen } from '../../../format';

export type ExplainContext = {
  t: TFunction;
  /** Ticket type names in the UI language, by id. */
  productName: (productId: string) => string;
  priceVersion: PriceQuote['priceVersion'];
};

export function explainLine(line: PriceQuoteLine, { t, productName, priceVersion }: ExplainContext): string {
  const parsed = explanationSchema.safeParse(line.explanation);
  const product = productName(line.productId);
  const price = formatFen(line.unitPrice);
  if (!parsed.success) return t('catalog.explainer.rules.unknown', { price });
  const explanation = parsed.data;
  switch (explanation.rule) {
    case 'free_category':
      return explanation.category === 'complimentary'
        ? t('catalog.explainer.rules.complimentary', { product })
        : t('catalog.explainer.rules.free', { product });
    case 'group':
      return t('catalog.explainer.rules.group', { product, min: explanation.minQuantity, price });
    case 'group_guide_free':
      return t('catalog.explainer.rules.guideFree', { product, places: explanation.freeGuidePlaces });
    case 'price_rule': {
      const dayType = t(`catalog.dayTypes.${explanation.dayType}`);
      const version =
        priceVersion !== null && priceVersion.id === explanation.versionId
          ? priceVersion.name
          : explanation.versionId;
      let sentence = t('catalog.explainer.rules.priceRule', {
        dayType,
        code: explanation.dayType,
        version,
        product,
        price,
      });
      if (explanation.season !== null)
        sentence += t('catalog.explainer.rules.forSeason', {
          season: t(`catalog.seasons.${explanation.season}`),
        });
      if (explanation.channel !== null)
        sentence += t('catalog.explainer.rules.forChannel', {
          channel: t(`catalog.channels.${explanation.channel}`),
        });
      const dateType = explanation.dayTypesOfDate[0];
      if (dateType !== undefined && dateType !== explanation.dayType)
        sentence += t('catalog.explainer.rules.fallback', {
          dateType: t(`catalog.dayTypes.${dateType}`),
          dayType,
        });
      return sentence;
    }
    case 'list_price':
      return priceVersion === null
        ? t('catalog.explainer.rules.listPriceNoVersion', { product, price })
        : t('catalog.explainer.rules.listPrice', { product, price, version: priceVersion.name });
  }
}
