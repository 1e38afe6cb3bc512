import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogPath, catalogRoutes } from '../../../test/catalogFixtures';
import { adminMe } from '../../../test/fixtures';
import { errorReply, renderApp } from '../../../test/render';

describe('ticket type form', () => {
  it("shows the server's refusal of a negative price next to the price", async () => {
    const { requests } = renderApp({
      path: '/catalog/products',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`POST ${catalogPath('/products')}`]: errorReply(400, 'price_negative', '价格不能为负数。', {
            rules: ['price_negative'],
          }),
        }),
      },
    });
    expect(await screen.findByTestId('product-ADULT')).toBeTruthy();
    fireEvent.click(screen.getByTestId('new-product'));
    fireEvent.change(await screen.findByLabelText('票种代码'), { target: { value: 'NIGHT' } });
    fireEvent.change(screen.getByLabelText('中文名称'), { target: { value: '夜游票' } });
    fireEvent.change(screen.getByLabelText('英文名称'), { target: { value: 'Night tour' } });
    const price = screen.getByLabelText('票面价');
    fireEvent.change(price, { target: { value: '-80' } });
    fireEvent.click(screen.getByTestId('product-submit'));

    await waitFor(() => expect(price.closest('.ant-form-item')?.textContent).toContain('价格不能为负数。'));
    expect(price.closest('.ant-form-item')?.className).toContain('ant-form-item-has-error');
    // Shown on the field, so not repeated above the form.
    expect(document.querySelector('.ant-drawer .ant-alert-error')).toBeNull();
    const body = requests(`POST ${catalogPath('/products')}`)[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      code: 'NIGHT',
      nameZh: '夜游票',
      nameEn: 'Night tour',
      category: 'adult',
      listPrice: -8000,
      channels: ['box_office', 'online', 'api'],
      minPerOrder: 1,
      maxPerOrder: 20,
      refundPolicy: { allowed: false, untilMinutesBeforeStart: null, fee: { kind: 'none' } },
      saleStartsAt: null,
      countsTowardsDailyMax: true,
    });
  });
});
