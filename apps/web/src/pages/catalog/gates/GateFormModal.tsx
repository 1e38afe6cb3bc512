// Creating or editing a gate: code (fixed once created), names, direction, and whether it is in use.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Radio, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  createGate,
  siteQueryKey,
  updateGate,
  type GateDirection,
  type GateView,
} from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { codeRules } from '../codeRules';
import { directionOptions } from '../labels';
import { isFieldError, showOnField, type FieldErrorMap } from '../serverErrors';

type GateForm = { code: string; nameZh: string; nameEn: string; direction: GateDirection; active: boolean };

const FORM_ID = 'gate-form';
const fieldErrors: FieldErrorMap = { gate_code_taken: 'code' };

export function GateFormModal({
  siteId,
  gate,
  onClose,
  onSaved,
}: {
  siteId: string;
  gate: GateView | null | undefined;
  onClose: () => void;
  onSaved: (gate: GateView) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<GateForm>();
  const creating = gate === null;
  const mutation = useMutation({
    mutationFn: (values: GateForm) => {
      const body = {
        nameZh: values.nameZh.trim(),
        nameEn: values.nameEn.trim(),
        direction: values.direction,
      };
      return gate === null || gate === undefined
        ? createGate(siteId, { ...body, code: values.code.trim() })
        : updateGate(siteId, gate.id, { ...body, active: values.active });
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: siteQueryKey(siteId) });
      onSaved(saved);
    },
    onError: (error) => showOnField(form, error, fieldErrors),
  });

  return (
    <Modal
      open={gate !== undefined}
      title={
        creating ? t('catalog.gates.createTitle') : t('catalog.gates.editTitle', { code: gate?.code ?? '' })
      }
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: FORM_ID, loading: mutation.isPending }}
      // The OK button submits the form (htmlType submit), which validates first.
      onOk={() => undefined}
    >
      {mutation.isError && !isFieldError(mutation.error, fieldErrors) ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {gate === undefined ? null : (
        <Form<GateForm>
          key={gate?.id ?? 'new'}
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{
            code: gate?.code ?? '',
            nameZh: gate?.nameZh ?? '',
            nameEn: gate?.nameEn ?? '',
            direction: gate?.direction ?? 'entry',
            active: gate?.active ?? true,
          }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item name="code" label={t('catalog.gates.code')} rules={creating ? codeRules(t) : []}>
            <Input
              disabled={!creating}
              autoFocus={creating}
              autoComplete="off"
              spellCheck={false}
              maxLength={32}
            />
          </Form.Item>
          <Space wrap align="start" className="admit-form-pair">
            <Form.Item
              name="nameZh"
              label={t('catalog.gates.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
            >
              <Input lang="zh-CN" maxLength={60} autoFocus={!creating} />
            </Form.Item>
            <Form.Item
              name="nameEn"
              label={t('catalog.gates.nameEn')}
              rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
            >
              <Input lang="en" maxLength={100} />
            </Form.Item>
          </Space>
          <Form.Item name="direction" label={t('catalog.gates.direction')}>
            <Radio.Group options={directionOptions(t)} />
          </Form.Item>
          {creating ? null : (
            <Form.Item name="active" label={t('catalog.form.inUse')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Modal>
  );
}
