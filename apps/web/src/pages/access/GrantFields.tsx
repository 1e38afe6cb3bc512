// Role grants inside a form: each a role and the site it applies to, or all sites. Used when creating
// a user and when changing a user's grants.
import type { GrantInput } from '@admit/contracts';
import { Button, Form, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoleView, Site } from '../../api/roles';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';

/** Select values cannot be null; this stands for "all sites" inside the form. */
export const ALL_SITES = 'all';

export type GrantFormValue = { roleId?: string; siteId: string };

export function toGrantInputs(values: readonly GrantFormValue[] | undefined): GrantInput[] {
  const seen = new Set<string>();
  const grants: GrantInput[] = [];
  for (const value of values ?? []) {
    if (value.roleId === undefined) continue;
    const siteId = value.siteId === ALL_SITES ? null : value.siteId;
    const key = `${value.roleId}/${siteId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    grants.push({ roleId: value.roleId, siteId });
  }
  return grants;
}

export function toGrantFormValues(
  grants: readonly { roleId: string; siteId: string | null }[],
): GrantFormValue[] {
  return grants.map((grant) => ({ roleId: grant.roleId, siteId: grant.siteId ?? ALL_SITES }));
}

export function GrantFields({ roles, sites }: { roles: readonly RoleView[]; sites: readonly Site[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const roleOptions = roles.map((role) => ({
    value: role.id,
    label: localized(locale, role.nameZh, role.nameEn),
  }));
  const siteOptions = [
    { value: ALL_SITES, label: t('common.allSites') },
    ...sites.map((site) => ({ value: site.id, label: localized(locale, site.nameZh, site.nameEn) })),
  ];
  return (
    <Form.List name="grants">
      {(fields, { add, remove }) => (
        <fieldset className="admit-grants">
          <legend>{t('users.grants.title')}</legend>
          {fields.length === 0 ? <p className="admit-muted">{t('users.grants.none')}</p> : null}
          {fields.map((field, index) => (
            <Space
              key={field.key}
              align="start"
              wrap
              className="admit-grant-row"
              data-testid={`grant-row-${index}`}
            >
              <Form.Item
                name={[field.name, 'roleId']}
                rules={[{ required: true, message: t('users.grants.roleRequired') }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={roleOptions}
                  placeholder={t('users.grants.role')}
                  aria-label={t('users.grants.roleOf', { index: index + 1 })}
                  className="admit-grant-role"
                  data-testid={`grant-role-${index}`}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'siteId']}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={siteOptions}
                  aria-label={t('users.grants.siteOf', { index: index + 1 })}
                  className="admit-grant-site"
                  data-testid={`grant-site-${index}`}
                />
              </Form.Item>
              <Button
                onClick={() => remove(field.name)}
                aria-label={t('users.grants.removeOf', { index: index + 1 })}
              >
                {t('users.grants.remove')}
              </Button>
            </Space>
          ))}
          <Button onClick={() => add({ siteId: ALL_SITES } satisfies GrantFormValue)} data-testid="add-grant">
            {t('users.grants.add')}
          </Button>
        </fieldset>
      )}
    </Form.List>
  );
}
