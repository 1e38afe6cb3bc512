import { describe, expect, it } from 'vitest';
import {
  availabilityOf,
  cartTotal,
  checkCart,
  chosenSession,
  emptyCart,
  loadCart,
  orderRequest,
  saveCart,
  steppedQuantity,
  withHolder,
  withQuantity,
  type ShopCart,
} from './cart';
import { adult, child, guide, ids, residentId, shopSite, student, TOMORROW } from './shopFixtures';

const now = new Date('2099-05-03T08:00:00Z');
const site = shopSite(TOMORROW);
const atTen: ShopCart = { ...emptyCart, date: TOMORROW, sessionId: ids.ten, phone: '138 1234 5678' };

describe('shop cart', () => {
  it('totals the online prices of the chosen tickets and add-ons', () => {
    let cart = withQuantity(atTen, adult, 2);
    cart = withQuantity(cart, child, 1);
    cart = withQuantity(cart, guide, 1);
    expect(cartTotal(cart, site.products)).toBe(2 * 10000 + 5000 + 2000);
    expect(cartTotal(withQuantity(cart, adult, 0), site.products)).toBe(7000);
  });

  it('steps from none straight to the minimum per order, up to what is left, and back', () => {
    const pair = { minPerOrder: 2 };
    expect(steppedQuantity(0, 1, pair, 10)).toBe(2);
    expect(steppedQuantity(2, 1, pair, 10)).toBe(3);
    expect(steppedQuantity(2, -1, pair, 10)).toBe(0);
    expect(steppedQuantity(10, 1, pair, 10)).toBe(10);
    // More than is left now (another session chosen): − brings it down to what may be bought.
    expect(steppedQuantity(12, -1, pair, 10)).toBe(10);
  });

  it('limits a timed ticket type to its session’s places and asks for a session first', () => {
    expect(availabilityOf(adult, site, null)).toEqual({ available: false, reason: 'choose_session' });
    expect(availabilityOf(adult, site, chosenSession(atTen, site, now))).toEqual({
      available: true,
      max: 10,
    });
    const few = shopSite(TOMORROW, { dailyRemaining: 3 });
    expect(availabilityOf(adult, few, chosenSession(atTen, few, now))).toEqual({ available: true, max: 3 });
    // Add-ons are for the day, whatever the session.
    expect(availabilityOf(guide, site, null)).toEqual({ available: true, max: 2 });
    const closed = shopSite(TOMORROW, { closed: 'closed' });
    expect(availabilityOf(adult, closed, null)).toEqual({ available: false, reason: 'closed' });
  });

  it('never keeps a sold-out session chosen, and picks the only bookable one by itself', () => {
    expect(chosenSession({ ...atTen, sessionId: ids.morning }, site, now)).toBeNull();
    const single = shopSite(TOMORROW, { sessions: site.sessions.slice(0, 2) });
    expect(chosenSession({ ...atTen, sessionId: null }, single, now)?.id).toBe(ids.ten);
  });

  it('names what is missing when sending, but only what is certainly wrong while typing', () => {
    let cart = withQuantity({ ...atTen, phone: '' }, student, 2);
    cart = withHolder(cart, ids.student, 0, { name: '李雷', documentNumber: '1101051949123100' });
    const typing = checkCart(cart, site, { now, submitting: false });
    expect(typing.holders.get(`${ids.student}:0`)).toEqual({ name: null, number: null, ageWarning: null });
    expect(typing.phone).toBeNull();

    const sending = checkCart(cart, site, { now, submitting: true });
    expect(sending.problems).toEqual(expect.arrayContaining(['holders', 'phone']));
    expect(sending.holders.get(`${ids.student}:0`)?.number).toBe('id_number_format');
    expect(sending.holders.get(`${ids.student}:1`)).toEqual({
      name: 'name_required',
      number: 'document_required',
      ageWarning: null,
    });
    expect(sending.phone).toBe('phone_required');
  });

  it('checks ID numbers like the box office: check character, duplicates, and the age on the visit day', () => {
    const good = residentId('11010520100504002');
    const wrong = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    let cart = withQuantity(atTen, student, 3);
    cart = withHolder(cart, ids.student, 0, { name: 'A', documentNumber: residentId('11010519491231002') });
    cart = withHolder(cart, ids.student, 1, { name: 'B', documentNumber: good });
    cart = withHolder(cart, ids.student, 2, { name: 'C', documentNumber: good.toLowerCase() });
    const check = checkCart(cart, site, { now, submitting: false });
    expect(check.holders.get(`${ids.student}:0`)?.ageWarning).toBe(149);
    expect(check.holders.get(`${ids.student}:1`)).toEqual({ name: null, number: null, ageWarning: 89 });
    expect(check.holders.get(`${ids.student}:2`)?.number).toBe('duplicate');
    const checksum = withHolder(cart, ids.student, 2, { documentNumber: wrong });
    expect(
      checkCart(checksum, site, { now, submitting: false }).holders.get(`${ids.student}:2`)?.number,
    ).toBe('id_number_checksum');
  });

  it('asks for a mainland mobile number and accepts an empty e-mail', () => {
    const cart = withQuantity(atTen, adult, 1);
    expect(checkCart({ ...cart, phone: '12345' }, site, { now, submitting: true }).phone).toBe(
      'phone_invalid',
    );
    expect(checkCart(cart, site, { now, submitting: true }).problems).toEqual([]);
    expect(checkCart({ ...cart, email: 'not-mail' }, site, { now, submitting: true }).problems).toEqual([
      'email',
    ]);
  });

  it('builds the order request: session for timed lines, holders normalised, phone as 11 digits', () => {
    const id = residentId('11010520100504002');
    let cart = withQuantity(atTen, adult, 2);
    cart = withQuantity(cart, student, 1);
    cart = withQuantity(cart, guide, 1);
    cart = withHolder(cart, ids.student, 0, { name: ' 韩梅梅 ', documentNumber: ` ${id.toLowerCase()} ` });
    expect(orderRequest({ ...cart, email: ' a@b.cn ' }, site, 'en', now)).toEqual({
      visitDate: TOMORROW,
      sessionId: ids.ten,
      lines: [
        { productId: ids.adult, quantity: 2, holders: [] },
        {
          productId: ids.student,
          quantity: 1,
          holders: [{ documentKind: 'resident_id', documentNumber: id, name: '韩梅梅' }],
        },
        { productId: ids.guide, quantity: 1, holders: [] },
      ],
      contactPhone: '13812345678',
      contactEmail: 'a@b.cn',
      locale: 'en',
    });
    // Only add-ons: no session.
    expect(orderRequest(withQuantity(atTen, guide, 1), site, 'zh-CN', now).sessionId).toBeNull();
  });

  it('keeps a real-name line’s holders when the quantity changes', () => {
    let cart = withQuantity(atTen, student, 2);
    cart = withHolder(cart, ids.student, 1, { name: '二号' });
    cart = withQuantity(cart, student, 3);
    expect(cart.holders[ids.student]?.map((h) => h.name)).toEqual(['', '二号', '']);
    expect(withQuantity(cart, student, 1).holders[ids.student]).toHaveLength(1);
  });

  it('survives a page reload in sessionStorage, and ignores what it cannot read', () => {
    const cart = withQuantity(atTen, adult, 2);
    saveCart('YUNSHAN', cart, window.sessionStorage);
    expect(loadCart('YUNSHAN', window.sessionStorage)).toEqual(cart);
    expect(loadCart('OTHER', window.sessionStorage)).toEqual(emptyCart);
    window.sessionStorage.setItem('admit.shop.cart.BROKEN', '{"date":42');
    expect(loadCart('BROKEN', window.sessionStorage)).toEqual(emptyCart);
    window.sessionStorage.clear();
  });
});
