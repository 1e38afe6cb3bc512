import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogIds, catalogPath, catalogRoutes, yunshanProducts } from '../../../test/catalogFixtures';
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
    // The first render of the catalog in a worker is the slowest (a busy machine has taken over 5 s).
    expect(await screen.findByTestId('product-ADULT', {}, { timeout: 15_000 })).toBeTruthy();
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
      autoRefundAtExpiry: false,
    });
  });

  it('edits combo parts (联票): the total turns valid at 100 % and the shares are sent as basis points', async () => {
    const { requests } = renderApp({
      path: '/catalog/products',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`POST ${catalogPath('/products')}`]: ({ body }) => ({
            status: 201,
            body: { ...yunshanProducts[0], ...(body as object), id: catalogIds.guide },
          }),
        }),
      },
    });
    expect(await screen.findByTestId('product-ADULT')).toBeTruthy();
    fireEvent.click(screen.getByTestId('new-product'));
    fireEvent.change(await screen.findByLabelText('票种代码'), { target: { value: 'DUO' } });
    fireEvent.change(screen.getByLabelText('中文名称'), { target: { value: '云山联票' } });
    fireEvent.change(screen.getByLabelText('英文名称'), { target: { value: 'Yunshan combo' } });
    fireEvent.change(screen.getByLabelText('票面价'), { target: { value: '150' } });

    fireEvent.click(screen.getByTestId('combo-add'));
    fireEvent.click(screen.getByTestId('combo-add'));
    const shares = await screen.findAllByLabelText('分成比例');
    expect(shares).toHaveLength(2);
    fireEvent.change(shares[0]!, { target: { value: '60.5' } });
    fireEvent.change(shares[1]!, { target: { value: '30' } });
    const total = await screen.findByTestId('combo-total');
    await waitFor(() => expect(total.textContent).toContain('90.50%'));
    expect(total.dataset.valid).toBe('false');
    expect(total.className).toContain('admit-combo-total-invalid');

    // Refused on the client while the shares fall short.
    fireEvent.click(screen.getByTestId('product-submit'));
    const section = screen.getByTestId('combo-parts');
    await waitFor(() => expect(section.textContent).toContain('各部分的分成合计须为 100%。'));
    expect(requests(`POST ${catalogPath('/products')}`)).toHaveLength(0);

    fireEvent.change(shares[1]!, { target: { value: '39.5' } });
    await waitFor(() => expect(total.dataset.valid).toBe('true'));
    expect(total.textContent).toContain('100.00%');
    await waitFor(() => expect(section.textContent).not.toContain('各部分的分成合计须为 100%。'));

    fireEvent.click(screen.getByTestId('product-submit'));
    await waitFor(() => expect(requests(`POST ${catalogPath('/products')}`)).toHaveLength(1));
    const body = requests(`POST ${catalogPath('/products')}`)[0]?.body as {
      comboParts: { siteId: string; gateIds: string[]; shareBasisPoints: number }[];
    };
    expect(body.comboParts).toEqual([
      { siteId: catalogIds.site, gateIds: [], shareBasisPoints: 6050 },
      { siteId: catalogIds.site, gateIds: [], shareBasisPoints: 3950 },
    ]);
    expect(body.comboParts.reduce((sum, part) => sum + part.shareBasisPoints, 0)).toBe(10_000);
  });

  it('shows and edits the ages a ticket type is for (适用年龄)', async () => {
    const child = { ...yunshanProducts[1]!, maxAge: 6 };
    const { requests } = renderApp({
      path: '/catalog/products',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`GET ${catalogPath('/products')}`]: { status: 200, body: { products: [child] } },
          [`PATCH ${catalogPath(`/products/${child.id}`)}`]: ({ body }) => ({
            status: 200,
            body: { ...child, ...(body as object) },
          }),
        }),
      },
    });
    expect((await screen.findByTestId('ages-tag-CHILD')).textContent).toBe('6 岁及以下');
    fireEvent.click(screen.getByRole('button', { name: /编辑/ }));
    const max = await screen.findByLabelText('适用年龄（最大）');
    expect((max as HTMLInputElement).value).toBe('6');
    fireEvent.change(screen.getByLabelText('适用年龄（最小）'), { target: { value: '9' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    await waitFor(() =>
      expect(max.closest('.ant-form-item')?.textContent).toContain('最大年龄不能小于最小年龄'),
    );
    expect(requests(`PATCH ${catalogPath(`/products/${child.id}`)}`)).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('适用年龄（最小）'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    await waitFor(() => expect(requests(`PATCH ${catalogPath(`/products/${child.id}`)}`)).toHaveLength(1));
    expect(requests(`PATCH ${catalogPath(`/products/${child.id}`)}`)[0]?.body).toMatchObject({
      minAge: 1,
      maxAge: 6,
    });
  });

  it('tags combo tickets and keeps their parts when other fields are edited', async () => {
    const combo = {
      ...yunshanProducts[0]!,
      comboParts: [
        { siteId: catalogIds.site, gateIds: [catalogIds.northGate], shareBasisPoints: 7000 },
        { siteId: catalogIds.site, gateIds: [], shareBasisPoints: 3000 },
      ],
    };
    const { requests } = renderApp({
      path: '/catalog/products',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`GET ${catalogPath('/products')}`]: { status: 200, body: { products: [combo] } },
          [`PATCH ${catalogPath(`/products/${combo.id}`)}`]: ({ body }) => ({
            status: 200,
            body: { ...combo, ...(body as object) },
          }),
        }),
      },
    });
    expect(await screen.findByTestId('combo-tag-ADULT')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /编辑/ }));
    const total = await screen.findByTestId('combo-total');
    expect(total.dataset.valid).toBe('true');
    expect(screen.getAllByLabelText('分成比例').map((input) => (input as HTMLInputElement).value)).toEqual([
      '70.00',
      '30.00',
    ]);
    fireEvent.change(screen.getByLabelText('中文名称'), { target: { value: '成人联票' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    await waitFor(() => expect(requests(`PATCH ${catalogPath(`/products/${combo.id}`)}`)).toHaveLength(1));
    const body = requests(`PATCH ${catalogPath(`/products/${combo.id}`)}`)[0]?.body as Record<
      string,
      unknown
    >;
    expect(body.nameZh).toBe('成人联票');
    expect(body).not.toHaveProperty('comboParts');
  });

  it('sends the automatic refund at expiry and tags the ticket types that have it', async () => {
    let adult = yunshanProducts[0]!;
    const { requests } = renderApp({
      path: '/catalog/products',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`GET ${catalogPath('/products')}`]: () => ({ status: 200, body: { products: [adult] } }),
          [`PATCH ${catalogPath(`/products/${adult.id}`)}`]: ({ body }) => {
            adult = { ...adult, ...(body as object) };
            return { status: 200, body: adult };
          },
        }),
      },
    });
    expect(await screen.findByTestId('product-ADULT')).toBeTruthy();
    expect(screen.queryByTestId('auto-refund-tag-ADULT')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /编辑/ }));
    const autoRefund = await screen.findByRole('checkbox', {
      name: '过期未使用自动退款（网上及渠道售出的票）',
    });
    expect((autoRefund as HTMLInputElement).checked).toBe(false);
    // Apart from the refund the visitor asks for: there is none here, and it can still be set.
    expect(screen.getByTestId('policy-refund').textContent).toContain('窗口售出的票不会自动退款');
    fireEvent.click(autoRefund);
    fireEvent.click(screen.getByTestId('product-submit'));

    await waitFor(() => expect(requests(`PATCH ${catalogPath(`/products/${adult.id}`)}`)).toHaveLength(1));
    expect(requests(`PATCH ${catalogPath(`/products/${adult.id}`)}`)[0]?.body).toMatchObject({
      autoRefundAtExpiry: true,
      refundPolicy: { allowed: false },
    });
    expect((await screen.findByTestId('auto-refund-tag-ADULT')).textContent).toBe('过期自动退');
  });

  it("shows the server's combo_shares_invalid on the combo section", async () => {
    renderApp({
      path: '/catalog/products',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`POST ${catalogPath('/products')}`]: errorReply(
            400,
            'combo_shares_invalid',
            '联票分成比例无效。',
            {
              rules: ['combo_shares_invalid'],
            },
          ),
        }),
      },
    });
    expect(await screen.findByTestId('product-ADULT')).toBeTruthy();
    fireEvent.click(screen.getByTestId('new-product'));
    fireEvent.change(await screen.findByLabelText('票种代码'), { target: { value: 'DUO' } });
    fireEvent.change(screen.getByLabelText('中文名称'), { target: { value: '云山联票' } });
    fireEvent.change(screen.getByLabelText('英文名称'), { target: { value: 'Yunshan combo' } });
    fireEvent.change(screen.getByLabelText('票面价'), { target: { value: '150' } });
    fireEvent.click(screen.getByTestId('combo-add'));
    fireEvent.click(screen.getByTestId('combo-add'));
    const shares = await screen.findAllByLabelText('分成比例');
    fireEvent.change(shares[0]!, { target: { value: '50' } });
    fireEvent.change(shares[1]!, { target: { value: '50' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('combo-parts').textContent).toContain('联票分成比例无效。'),
    );
    expect(document.querySelector('.ant-drawer .ant-alert-error')).toBeNull();
  });
});
