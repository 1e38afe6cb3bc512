// /shop/lookup — "查询订单": the phone the order was placed with and its number get a one-time code by
// SMS (sending again after 60 s); the six digits open the order page with its access token. Both steps
// answer the release-time challenge when the server asks for one.
import { normalizeMobile } from '@admit/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLocale } from '../../i18n/hooks';
import { withChallenge } from './challenge';
import { msUntil, useNow } from './clock';
import { shopErrorText } from './display';
import { useShopTitle } from './ShopLayout';
import { sendLookupCode, verifyLookupCode } from './shopApi';

/** Seconds before another code may be asked for. */
export const RESEND_SECONDS = 60;

export function ShopLookupPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  useShopTitle(t('shop.lookup.title'));
  const [phone, setPhone] = useState('');
  const [orderNumber, setOrderNumber] = useState('');
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [resendAt, setResendAt] = useState<string | null>(null);
  const [queue, setQueue] = useState<number | null>(null);
  const now = useNow(1000, resendAt !== null);
  // `now` last ticked before the code was sent: never more than the full wait.
  const wait = resendAt === null ? 0 : Math.min(RESEND_SECONDS, Math.ceil(msUntil(resendAt, now) / 1000));

  const mobile = normalizeMobile(phone);
  const phoneError = touched && mobile === null;
  const orderError = touched && orderNumber.trim() === '';
  const codeValid = /^\d{6}$/.test(code.trim());

  const send = useMutation({
    mutationFn: () =>
      withChallenge(
        (challenge) =>
          sendLookupCode({
            phone: mobile ?? phone.trim(),
            orderNumber: orderNumber.trim(),
            locale,
            ...(challenge === undefined ? {} : { challenge }),
          }),
        setQueue,
      ),
    onSuccess: () => setResendAt(new Date(Date.now() + RESEND_SECONDS * 1000).toISOString()),
  });
  const verify = useMutation({
    mutationFn: () =>
      withChallenge(
        (challenge) =>
          verifyLookupCode({
            phone: mobile ?? phone.trim(),
            orderNumber: orderNumber.trim(),
            code: code.trim(),
            ...(challenge === undefined ? {} : { challenge }),
          }),
        setQueue,
      ),
    onSuccess: ({ token }) => void navigate(`/shop/orders/${encodeURIComponent(token)}`),
  });

  const requestCode = () => {
    setTouched(true);
    if (mobile === null || orderNumber.trim() === '' || wait > 0) return;
    verify.reset();
    send.mutate();
  };

  const error = verify.error ?? send.error;
  return (
    <>
      <h1>{t('shop.lookup.title')}</h1>
      <form
        className="admit-shop-section"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (send.isSuccess && codeValid) verify.mutate();
          else if (!send.isSuccess) requestCode();
        }}
      >
        <p className="admit-shop-muted">{t('shop.lookup.intro')}</p>
        <div className="admit-shop-field">
          <label htmlFor="shop-lookup-phone">{t('shop.lookup.phone')}</label>
          <Input
            id="shop-lookup-phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            value={phone}
            onChange={(event) => setPhone(event.target.value)}
            status={phoneError ? 'error' : undefined}
            aria-invalid={phoneError}
            aria-describedby={phoneError ? 'shop-lookup-phone-error' : undefined}
            data-testid="shop-lookup-phone"
          />
          {phoneError ? (
            <span id="shop-lookup-phone-error" className="admit-shop-error">
              {t('shop.lookup.phoneInvalid')}
            </span>
          ) : null}
        </div>
        <div className="admit-shop-field">
          <label htmlFor="shop-lookup-order">{t('shop.lookup.orderNumber')}</label>
          <Input
            id="shop-lookup-order"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            value={orderNumber}
            onChange={(event) => setOrderNumber(event.target.value)}
            status={orderError ? 'error' : undefined}
            aria-invalid={orderError}
            aria-describedby={orderError ? 'shop-lookup-order-error' : undefined}
            data-testid="shop-lookup-order"
          />
          {orderError ? (
            <span id="shop-lookup-order-error" className="admit-shop-error">
              {t('shop.lookup.orderRequired')}
            </span>
          ) : null}
        </div>
        <Button
          block
          onClick={requestCode}
          loading={send.isPending}
          disabled={wait > 0}
          data-testid="shop-lookup-send"
        >
          {wait > 0 ? t('shop.lookup.resend', { seconds: wait }) : t('shop.lookup.send')}
        </Button>
        {send.isSuccess ? (
          <p role="status" className="admit-shop-muted" data-testid="shop-lookup-sent">
            {t('shop.lookup.sent')}
          </p>
        ) : null}

        {send.isSuccess ? (
          <>
            <div className="admit-shop-field">
              <label htmlFor="shop-lookup-code">{t('shop.lookup.code')}</label>
              <div className="admit-shop-lookup-code">
                <Input
                  id="shop-lookup-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="\d{6}"
                  maxLength={6}
                  placeholder={t('shop.lookup.codeHint')}
                  value={code}
                  onChange={(event) => setCode(event.target.value.replace(/\D/g, ''))}
                  data-testid="shop-lookup-code"
                />
              </div>
            </div>
            <Button
              type="primary"
              size="large"
              block
              htmlType="submit"
              disabled={!codeValid}
              loading={verify.isPending}
              data-testid="shop-lookup-verify"
            >
              {t('shop.lookup.verify')}
            </Button>
          </>
        ) : null}

        {queue === null ? null : (
          <p role="status" data-testid="shop-queue">
            {t('shop.booking.queue', { percent: Math.floor(queue * 100) })}
          </p>
        )}
        {error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={shopErrorText(error, t, locale)}
            data-testid="shop-lookup-error"
          />
        ) : null}
      </form>
    </>
  );
}
