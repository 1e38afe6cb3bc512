// Creating or editing a custom role: code (fixed once created), names and descriptions in both
// languages, and its permissions, grouped by area as in the matrix.
import { roleCodeSchema } from '@admit/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Drawer, Form, Input, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  createRole,
  updateRole,
  type PermissionCatalogue,
  type RoleInput,
  type RoleView,
} from '../../api/roles';
import { errorText } from '../../components/errorText';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';

type RoleForm = Omit<RoleInput, 'permissions'> & { code: string; permissions: Record<string, string[]> };
type RoleValues = RoleInput & { code: string };

const FORM_ID = 'role-form';

/** `role` undefined: closed; null: a new role; a role: editing it. */
export function RoleFormDrawer({
  role,
  catalogue,
  onClose,
  onSaved,
}: {
  role: RoleView | null | undefined;
  catalogue: PermissionCatalogue;
  onClose: () => void;
  onSaved: (role: RoleView) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const mutation = useMutation({
    mutationFn: (values: RoleValues) =>
      role === null || role === undefined ? createRole(values) : updateRole(role.id, withoutCode(values)),
    onSuccess: onSaved,
  });
  const codeTakenMessage =
    mutation.error instanceof ApiError && mutation.error.code === 'role_code_taken'
      ? mutation.error.message
      : undefined;

  return (
    <Drawer
      open={role !== undefined}
      title={
        role === null
          ? t('roles.form.createTitle')
          : t('roles.form.editTitle', {
              name: role === undefined ? '' : localized(locale, role.nameZh, role.nameEn),
            })
      }
      size={640}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={FORM_ID}
            loading={mutation.isPending}
            data-testid="role-submit"
          >
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError && codeTakenMessage === undefined ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {role === undefined ? null : (
        // A fresh form per role: nothing typed for one shows up for the next.
        <RoleFormBody
          key={role?.id ?? 'new'}
          role={role}
          catalogue={catalogue}
          pending={mutation.isPending}
          codeTakenMessage={codeTakenMessage}
          onSubmit={(values) => mutation.mutate(values)}
        />
      )}
    </Drawer>
  );
}

function RoleFormBody({
  role,
  catalogue,
  pending,
  codeTakenMessage,
  onSubmit,
}: {
  role: RoleView | null;
  catalogue: PermissionCatalogue;
  pending: boolean;
  codeTakenMessage: string | undefined;
  onSubmit: (values: RoleValues) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [form] = Form.useForm<RoleForm>();
  const creating = role === null;

  useEffect(() => {
    if (codeTakenMessage !== undefined) form.setFields([{ name: 'code', errors: [codeTakenMessage] }]);
  }, [codeTakenMessage, form]);

  const initialValues: RoleForm = {
    code: role?.code ?? '',
    nameZh: role?.nameZh ?? '',
    nameEn: role?.nameEn ?? '',
    descriptionZh: role?.descriptionZh ?? '',
    descriptionEn: role?.descriptionEn ?? '',
    permissions: Object.fromEntries(
      catalogue.areas.map((area) => [
        area.code,
        catalogue.permissions
          .filter(
            (permission) =>
              permission.area === area.code && (role?.permissions ?? []).includes(permission.code),
          )
          .map((permission) => permission.code),
      ]),
    ),
  };

  return (
    <Form<RoleForm>
      form={form}
      id={FORM_ID}
      layout="vertical"
      disabled={pending}
      initialValues={initialValues}
      onFinish={(values) =>
        onSubmit({
          code: values.code.trim(),
          nameZh: values.nameZh.trim(),
          nameEn: values.nameEn.trim(),
          descriptionZh: (values.descriptionZh ?? '').trim(),
          descriptionEn: (values.descriptionEn ?? '').trim(),
          permissions: Object.values(values.permissions ?? {}).flat(),
        })
      }
    >
      <Form.Item
        name="code"
        label={t('roles.form.code')}
        extra={t('roles.form.codeHint')}
        rules={[
          { required: true, message: t('roles.form.codeRequired') },
          {
            validator: (_rule, value: string | undefined) =>
              !creating || value === undefined || value === '' || roleCodeSchema.safeParse(value).success
                ? Promise.resolve()
                : Promise.reject(new Error(t('roles.form.codeInvalid'))),
          },
        ]}
      >
        <Input
          disabled={!creating}
          autoFocus={creating}
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
        />
      </Form.Item>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="nameZh"
          label={t('roles.form.nameZh')}
          rules={[{ required: true, whitespace: true, message: t('roles.form.nameRequired') }]}
        >
          <Input lang="zh-CN" maxLength={40} autoFocus={!creating} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('roles.form.nameEn')}
          rules={[{ required: true, whitespace: true, message: t('roles.form.nameRequired') }]}
        >
          <Input lang="en" maxLength={60} />
        </Form.Item>
      </Space>
      <Form.Item name="descriptionZh" label={t('roles.form.descriptionZh')}>
        <Input.TextArea lang="zh-CN" maxLength={200} rows={2} />
      </Form.Item>
      <Form.Item name="descriptionEn" label={t('roles.form.descriptionEn')}>
        <Input.TextArea lang="en" maxLength={200} rows={2} />
      </Form.Item>
      <fieldset className="admit-permission-groups">
        <legend>{t('roles.form.permissions')}</legend>
        {catalogue.areas.map((area) => {
          const options = catalogue.permissions
            .filter((permission) => permission.area === area.code)
            .map((permission) => ({
              value: permission.code,
              label: (
                <span>
                  {localized(locale, permission.labelZh, permission.labelEn)}{' '}
                  <code className="admit-muted">{permission.code}</code>
                </span>
              ),
            }));
          if (options.length === 0) return null;
          return (
            <Form.Item
              key={area.code}
              name={['permissions', area.code]}
              label={localized(locale, area.labelZh, area.labelEn)}
            >
              <Checkbox.Group options={options} className="admit-permission-options" />
            </Form.Item>
          );
        })}
      </fieldset>
    </Form>
  );
}

function withoutCode({ code: _code, ...rest }: RoleValues): RoleInput {
  return rest;
}
