// Permissions (rows, grouped by area) against roles (columns): a tick where the role carries the
// permission. A plain table so screen readers announce row and column headers for every cell.
import { Tag } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionCatalogue, RoleView } from '../../api/roles';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';

export function RoleMatrix({
  catalogue,
  roles,
  roleActions,
}: {
  catalogue: PermissionCatalogue;
  roles: readonly RoleView[];
  roleActions?: (role: RoleView) => ReactNode;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <div className="admit-matrix-scroll" tabIndex={0} role="region" aria-label={t('roles.matrix.label')}>
      <table className="admit-matrix" data-testid="role-matrix">
        <caption className="admit-visually-hidden">{t('roles.matrix.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="admit-matrix-corner">
              {t('roles.matrix.permission')}
            </th>
            {roles.map((role) => (
              <th
                key={role.id}
                scope="col"
                data-testid={`role-column-${role.code}`}
                title={localized(locale, role.descriptionZh, role.descriptionEn)}
              >
                <div className="admit-matrix-role">{localized(locale, role.nameZh, role.nameEn)}</div>
                <div className="admit-matrix-role-meta">
                  {role.builtIn ? (
                    <Tag>{t('roles.builtIn')}</Tag>
                  ) : (
                    <Tag color="blue">{t('roles.custom')}</Tag>
                  )}
                  <span className="admit-muted">{t('roles.userCount', { n: role.userCount })}</span>
                </div>
                {roleActions?.(role)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {catalogue.areas.map((area) => {
            const permissions = catalogue.permissions.filter((permission) => permission.area === area.code);
            if (permissions.length === 0) return null;
            return (
              <Fragment key={area.code}>
                <tr className="admit-matrix-area">
                  <th scope="colgroup" colSpan={roles.length + 1}>
                    {localized(locale, area.labelZh, area.labelEn)}
                  </th>
                </tr>
                {permissions.map((permission) => (
                  <tr key={permission.code}>
                    <th scope="row">
                      <div>{localized(locale, permission.labelZh, permission.labelEn)}</div>
                      <code className="admit-muted">{permission.code}</code>
                    </th>
                    {roles.map((role) => {
                      const held = role.permissions.includes(permission.code);
                      return (
                        <td
                          key={role.id}
                          data-testid={`cell-${role.code}-${permission.code}`}
                          data-held={held}
                        >
                          {held ? (
                            <span role="img" aria-label={t('roles.matrix.granted')} className="admit-tick">
                              ✓
                            </span>
                          ) : (
                            <span className="admit-visually-hidden">{t('roles.matrix.notGranted')}</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
