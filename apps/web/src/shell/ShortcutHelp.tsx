// Lists the keyboard shortcuts of the shell (and, on the sell screen, its own keys): one button in the
// header, a popover that opens with Enter or Space and closes with Escape.
import { Button, Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import { SELL_KEY_LEGEND } from '../pages/sell/keys';
import type { NavItem } from './navigation';

export function ShortcutHelp({
  items,
  onSellScreen = false,
}: {
  items: readonly NavItem[];
  onSellScreen?: boolean;
}) {
  const { t } = useTranslation();
  const content = (
    <dl className="admit-shortcut-list" data-testid="shortcut-list">
      {onSellScreen
        ? SELL_KEY_LEGEND.map(([keys, message]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{t(message)}</dd>
            </div>
          ))
        : null}
      {items.map((item) =>
        item.shortcut === null ? null : (
          <div key={item.area}>
            <dt>
              <kbd>Alt+{item.shortcut}</kbd>
            </dt>
            <dd>{t(`shell.nav.items.${item.area}`)}</dd>
          </div>
        ),
      )}
      <div>
        <dt>
          <kbd>Alt+L</kbd>
        </dt>
        <dd>{t('shell.shortcuts.locale')}</dd>
      </div>
      <div>
        <dt>
          <kbd>Tab</kbd>
        </dt>
        <dd>{t('shell.shortcuts.tab')}</dd>
      </div>
      <div>
        <dt>
          <kbd>↑ ↓</kbd>
        </dt>
        <dd>{t('shell.shortcuts.arrows')}</dd>
      </div>
    </dl>
  );
  return (
    <Popover content={content} title={t('shell.shortcuts.title')} trigger="click" placement="bottomRight">
      <Button data-testid="shortcut-help" aria-haspopup="dialog">
        {t('shell.shortcuts.button')}
      </Button>
    </Popover>
  );
}
