// Finding an order by phone: the code is asked for (with a 60 s wait before asking again), the six
// digits open the order page with the token the server gives back.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, renderApp } from '../../test/render';
import { ORDER_TOKEN, shopOrder } from './shopFixtures';

describe('shop order look-up', () => {
  it('sends a code to the phone and opens the order with the verified token', async () => {
    const { requests, router } = renderApp({
      path: '/shop/lookup',
      server: {
        routes: {
          'POST /api/v1/shop/lookup/code': {
            status: 200,
            body: { sent: true, expiresAt: new Date(Date.now() + 300_000).toISOString() },
          },
          'POST /api/v1/shop/lookup/verify': ({ body }) =>
            (body as { code: string }).code === '123456'
              ? { status: 200, body: { token: ORDER_TOKEN } }
              : errorReply(400, 'shop_lookup_code_invalid', '验证码不正确。'),
          [`GET /api/v1/shop/orders/${ORDER_TOKEN}`]: { status: 200, body: shopOrder() },
        },
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: '查询订单' })).toBeTruthy();

    // Nothing is sent for a number that is not a mainland mobile.
    fireEvent.change(screen.getByTestId('shop-lookup-phone'), { target: { value: '12345' } });
    fireEvent.change(screen.getByTestId('shop-lookup-order'), {
      target: { value: 'YUNSHAN-990504-W1-0001' },
    });
    fireEvent.click(screen.getByTestId('shop-lookup-send'));
    expect(await screen.findByText('请填写正确的 11 位手机号')).toBeTruthy();
    expect(requests('POST /api/v1/shop/lookup/code')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('shop-lookup-phone'), { target: { value: '+86 138 1234 5678' } });
    fireEvent.click(screen.getByTestId('shop-lookup-send'));
    await screen.findByTestId('shop-lookup-sent');
    expect(requests('POST /api/v1/shop/lookup/code')[0]?.body).toEqual({
      phone: '13812345678',
      orderNumber: 'YUNSHAN-990504-W1-0001',
      locale: 'zh-CN',
    });
    const resend = screen.getByTestId('shop-lookup-send');
    expect(resend.textContent).toMatch(/^(60|59) 秒后可重新获取$/);
    expect(resend.hasAttribute('disabled')).toBe(true);

    const verify = screen.getByTestId('shop-lookup-verify');
    fireEvent.change(screen.getByTestId('shop-lookup-code'), { target: { value: '12a34' } });
    expect(verify.hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByTestId('shop-lookup-code'), { target: { value: '654321' } });
    fireEvent.click(verify);
    expect((await screen.findByTestId('shop-lookup-error')).textContent).toContain('验证码不正确。');

    fireEvent.change(screen.getByTestId('shop-lookup-code'), { target: { value: '123456' } });
    fireEvent.click(screen.getByTestId('shop-lookup-verify'));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/shop/orders/${ORDER_TOKEN}`));
    expect(requests('POST /api/v1/shop/lookup/verify').at(-1)?.body).toEqual({
      phone: '13812345678',
      orderNumber: 'YUNSHAN-990504-W1-0001',
      code: '123456',
    });
    expect((await screen.findByTestId('shop-order-number')).textContent).toBe('YUNSHAN-990504-W1-0001');
  });
});
