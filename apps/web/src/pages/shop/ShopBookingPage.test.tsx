// The booking page against a fake shop API: the browser test's path (tomorrow, 10:00, 2 adults + 1
// child, a phone, submit) sends exactly the contract's request and opens the order; real-name holders
// are checked before anything is sent; a release-time challenge is answered and the order goes through.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { errorReply, renderApp, type FakeRequest } from '../../test/render';
import {
  ids,
  ORDER_TOKEN,
  residentId,
  shopOrder,
  shopRoutes,
  shopSite,
  SITE_CODE,
  TOMORROW,
} from './shopFixtures';

const ordersPath = `POST /api/v1/shop/sites/${SITE_CODE}/orders`;
const placed = {
  status: 201,
  body: { token: ORDER_TOKEN, order: shopOrder({ holdExpiresAt: '2099-05-03T08:15:00.000Z' }) },
};

async function pickTomorrowAtTen() {
  fireEvent.click(await screen.findByTestId(`shop-date-${TOMORROW}`));
  await waitFor(() =>
    expect(screen.getByTestId(`shop-date-${TOMORROW}`).getAttribute('aria-pressed')).toBe('true'),
  );
  const slot = await screen.findByTestId('shop-session-10:00');
  await waitFor(() => expect(screen.getByTestId('shop-chosen-date').textContent).toContain('5月4日'));
  fireEvent.click(slot);
  expect(slot.getAttribute('aria-pressed')).toBe('true');
}

// The cart lives in sessionStorage, which the shared test setup leaves alone.
beforeEach(() => window.sessionStorage.clear());

describe('shop booking page', () => {
  it('books tomorrow 10:00 for 2 adults and a child and opens the order', async () => {
    const { requests, router } = renderApp({
      path: `/shop/${SITE_CODE}`,
      server: { routes: shopRoutes({ [ordersPath]: placed }) },
    });
    expect(await screen.findByRole('heading', { level: 1, name: '云山景区' })).toBeTruthy();
    // Not the admin shell, and nobody is asked to log in.
    expect(screen.queryByTestId('go-to-login')).toBeNull();

    // Days that cannot be booked are greyed and cannot be chosen.
    expect((await screen.findByTestId('shop-date-2099-05-05')).hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('shop-date-2099-05-06').hasAttribute('disabled')).toBe(true);
    await pickTomorrowAtTen();
    expect(requests(`GET /api/v1/shop/sites/${SITE_CODE}`).at(-1)?.query.get('date')).toBe(TOMORROW);
    const soldOut = screen.getByTestId('shop-session-08:00');
    expect(soldOut.hasAttribute('disabled')).toBe(true);
    expect(soldOut.textContent).toContain('已售罄');
    expect(screen.getByTestId('shop-session-10:00').textContent).toContain('余 12');

    fireEvent.click(screen.getByTestId('shop-qty-ADULT-inc'));
    fireEvent.click(screen.getByTestId('shop-qty-ADULT-inc'));
    fireEvent.click(screen.getByTestId('shop-qty-CHILD-inc'));
    expect(screen.getByTestId('shop-qty-ADULT-value').textContent).toBe('2');
    expect(screen.getByTestId('shop-total').textContent).toBe('¥250.00');
    expect(screen.getByTestId('shop-product-CHILD').textContent).toContain('请携带：现场测量身高');
    expect(screen.getByTestId('shop-rules').textContent).toContain('每个证件每天限购 5 张');

    fireEvent.change(screen.getByTestId('shop-phone'), { target: { value: '138-1234-5678' } });
    fireEvent.click(screen.getByTestId('shop-submit'));

    await waitFor(() => expect(requests(ordersPath)).toHaveLength(1));
    expect(requests(ordersPath)[0]?.body).toEqual({
      visitDate: TOMORROW,
      sessionId: ids.ten,
      lines: [
        { productId: ids.adult, quantity: 2, holders: [] },
        { productId: ids.child, quantity: 1, holders: [] },
      ],
      contactPhone: '13812345678',
      contactEmail: null,
      locale: 'zh-CN',
    });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/shop/orders/${ORDER_TOKEN}`));
    expect(await screen.findByTestId('shop-order-number')).toBeTruthy();
    // The cart was emptied once the order was placed.
    expect(window.sessionStorage.getItem(`admit.shop.cart.${SITE_CODE}`)).toBeNull();
  });

  it('checks real-name holders before sending and keeps the cart across a reload', async () => {
    const { requests, unmount } = renderApp({
      path: `/shop/${SITE_CODE}`,
      server: { routes: shopRoutes({ [ordersPath]: placed }) },
    });
    await pickTomorrowAtTen();
    fireEvent.click(screen.getByTestId('shop-qty-STUDENT-inc'));
    const holder = screen.getByTestId('shop-holder-STUDENT-1');
    expect(within(holder).getByText('学生票 · 第 1 位游客')).toBeTruthy();
    fireEvent.change(screen.getByTestId('shop-holder-STUDENT-1-name'), { target: { value: '韩梅梅' } });
    const good = residentId('11010520100504002');
    const wrong = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    fireEvent.change(screen.getByTestId('shop-holder-STUDENT-1-number'), { target: { value: wrong } });
    expect(await screen.findByText('身份证号码有误，请核对')).toBeTruthy();
    fireEvent.change(screen.getByTestId('shop-phone'), { target: { value: '13812345678' } });
    fireEvent.click(screen.getByTestId('shop-submit'));
    expect((await screen.findByTestId('shop-problems')).textContent).toContain('请填写或更正游客证件信息');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByTestId('shop-holder-STUDENT-1-number')),
    );
    expect(requests(ordersPath)).toHaveLength(0);

    // The back button (a fresh page) finds the cart as it was left.
    unmount();
    renderApp({ path: `/shop/${SITE_CODE}`, server: { routes: shopRoutes({ [ordersPath]: placed }) } });
    expect(await screen.findByTestId<HTMLInputElement>('shop-holder-STUDENT-1-number')).toHaveProperty(
      'value',
      wrong,
    );
    expect(screen.getByTestId('shop-qty-STUDENT-value').textContent).toBe('1');
    expect((await screen.findByTestId(`shop-date-${TOMORROW}`)).getAttribute('aria-pressed')).toBe('true');
  });

  it('answers a release-time challenge and shows a refusal in the visitor’s words', async () => {
    let attempts = 0;
    const { requests } = renderApp({
      path: `/shop/${SITE_CODE}`,
      server: {
        routes: shopRoutes({
          [ordersPath]: ({ body }: FakeRequest) => {
            attempts += 1;
            const answer = (body as { challenge?: unknown }).challenge;
            if (answer === undefined) {
              return errorReply(429, 'rate_limited', '当前购票人数较多，请稍后再试。', {
                challenge: { token: 'challenge-token-0123', difficulty: 6 },
              });
            }
            return errorReply(409, 'shop_no_show_blocked', '您近期多次预约未到，暂时无法预约。', {
              until: '2099-06-01',
            });
          },
        }),
      },
    });
    await pickTomorrowAtTen();
    fireEvent.click(screen.getByTestId('shop-qty-ADULT-inc'));
    fireEvent.change(screen.getByTestId('shop-phone'), { target: { value: '13812345678' } });
    fireEvent.click(screen.getByTestId('shop-submit'));
    const error = await screen.findByTestId('shop-order-error');
    expect(error.textContent).toContain('您近期多次预约未到，暂时无法预约。');
    expect(error.textContent).toContain('限制将于 2099年6月1日');
    expect(attempts).toBe(2);
    expect(requests(ordersPath)[1]?.body).toMatchObject({
      challenge: { token: 'challenge-token-0123', nonce: expect.any(String) as string },
    });
    expect(screen.queryByTestId('shop-queue')).toBeNull();
  });

  it('shows a closed day and lets nothing be booked on it', async () => {
    renderApp({
      path: `/shop/${SITE_CODE}`,
      server: {
        routes: shopRoutes({
          [`GET /api/v1/shop/sites/${SITE_CODE}`]: {
            status: 200,
            body: shopSite(TOMORROW, { closed: 'not_released', sessions: [] }),
          },
        }),
      },
    });
    expect(await screen.findByText('当日门票尚未开售，请选择其他日期')).toBeTruthy();
    expect(screen.getByTestId('shop-qty-ADULT-inc').hasAttribute('disabled')).toBe(true);
  });
});

describe('shop sites page', () => {
  it('goes straight to the only site', async () => {
    const { router } = renderApp({ path: '/shop', server: { routes: shopRoutes() } });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/shop/${SITE_CODE}`));
    expect(await screen.findByTestId('shop-site-name')).toBeTruthy();
  });

  it('lists the sites as cards, in English too', async () => {
    const second = { ...shopSite(TOMORROW).site, code: 'LAKE', nameZh: '西湖', nameEn: 'West Lake' };
    const { i18n } = renderApp({
      path: '/shop',
      server: {
        routes: shopRoutes({
          'GET /api/v1/shop/sites': { status: 200, body: { sites: [shopSite(TOMORROW).site, second] } },
        }),
      },
    });
    expect((await screen.findByTestId('shop-site-LAKE')).getAttribute('href')).toBe('/shop/LAKE');
    fireEvent.click(screen.getByTestId('locale-switch'));
    await waitFor(() => expect(i18n.language).toBe('en'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Choose a site' })).toBeTruthy();
    expect(screen.getByText('West Lake')).toBeTruthy();
    expect(screen.getByTestId('shop-lookup-link').textContent).toBe('Find my order');
  });
});
