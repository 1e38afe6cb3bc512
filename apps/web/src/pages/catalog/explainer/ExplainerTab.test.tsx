import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PriceQuote } from '../../../api/catalog';
import { catalogIds, catalogPath, catalogRoutes } from '../../../test/catalogFixtures';
import { adminMe } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const holidayQuote: PriceQuote = {
  date: '2026-10-01',
  channel: 'box_office',
  dayTypes: ['holiday', 'weekday'],
  season: null,
  priceVersion: { id: catalogIds.version, name: '2026 标准价' },
  lines: [
    {
      productId: catalogIds.adult,
      quantity: 2,
      unitPrice: 14000,
      amount: 28000,
      explanation: {
        rule: 'price_rule',
        priceRuleId: '0190a000-0000-7000-8000-0000000000f1',
        versionId: catalogIds.version,
        dayType: 'holiday',
        season: null,
        channel: null,
        dayTypesOfDate: ['holiday', 'weekday'],
      },
    },
    {
      productId: catalogIds.child,
      quantity: 1,
      unitPrice: 0,
      amount: 0,
      explanation: { rule: 'free_category', category: 'free' },
    },
    {
      productId: catalogIds.group,
      quantity: 10,
      unitPrice: 10000,
      amount: 100000,
      explanation: { rule: 'group', groupRuleId: catalogIds.groupRule, minQuantity: 10 },
    },
    {
      productId: catalogIds.guide,
      quantity: 1,
      unitPrice: 0,
      amount: 0,
      explanation: { rule: 'group_guide_free', groupRuleId: catalogIds.groupRule, freeGuidePlaces: 1 },
    },
    {
      productId: catalogIds.cable,
      quantity: 1,
      unitPrice: 8000,
      amount: 8000,
      explanation: { rule: 'list_price', dayTypesOfDate: ['holiday', 'weekday'] },
    },
  ],
  total: 136000,
};

describe('price explainer', () => {
  it('explains every kind of rule in a sentence, with the day types and the total', async () => {
    const { requests } = renderApp({
      path: '/catalog/explainer',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`POST ${catalogPath('/price-quote')}`]: { status: 200, body: holidayQuote },
        }),
      },
    });
    fireEvent.change(await screen.findByTestId('explainer-date'), { target: { value: '2026-10-01' } });
    fireEvent.change(screen.getByLabelText('成人票'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('儿童免票'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('explain'));

    const result = await screen.findByTestId('quote-result');
    const why = (code: string) => {
      const row = within(result).getByTestId(`quote-product-${code}`).closest('tr');
      return row === null ? '' : (within(row).getByTestId('quote-explanation').textContent ?? '');
    };
    expect(why('ADULT')).toBe('节假日价（holiday）：价格版本“2026 标准价”中成人票的节假日价 ¥140.00');
    expect(why('CHILD')).toBe('免费票种：儿童免票');
    expect(why('GROUP')).toBe('团队价：同一订单中团队票满 10 张，每张按团队价 ¥100.00');
    expect(why('GUIDE')).toBe('导游免票：团队订单中最多 1 名导游免票');
    expect(why('CABLE')).toBe('票面价：价格版本“2026 标准价”中没有索道往返适用于本日的价格，按票面价 ¥80.00');
    expect(within(result).getByTestId('quote-day-types').textContent).toBe('节假日平日');
    expect(within(result).getByTestId('quote-total').textContent).toBe('¥1360.00');
    expect(result.textContent).toContain('2026 标准价');

    expect(requests(`POST ${catalogPath('/price-quote')}`)[0]?.body).toEqual({
      date: '2026-10-01',
      channel: 'box_office',
      quantities: [
        { productId: catalogIds.adult, quantity: 2 },
        { productId: catalogIds.child, quantity: 1 },
      ],
    });
  });
});
