// A real button: focusable, operable with Enter/Space, labelled in the language it switches to.
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { otherLocale } from '../i18n/index';
import { useLocale } from '../i18n/hooks';

export function LocaleSwitch() {
  const { t } = useTranslation();
  const { locale, toggleLocale } = useLocale();
  return (
    <Button
      data-testid="locale-switch"
      lang={otherLocale(locale)}
      title={t('locale.switchHint')}
      aria-keyshortcuts="Alt+L"
      onClick={toggleLocale}
    >
      {t('locale.switchLabel')}
    </Button>
  );
}
