// Opening a shift (开班) at the counter: the terminal (the two characters in the order numbers) and the
// cash float in the drawer. A box-office sale goes into the seller's open shift, so the sell screen
// offers this when there is none.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { openShift, salesQueryKey } from '../../api/sales';
import { errorText } from '../../components/errorText';
import { toFen, yuanRule } from '../catalog/money';

type ShiftForm = { terminal: string; floatAmount: string };

export function OpenShiftModal({
  siteId,
  open,
  onClose,
  onClosed,
}: {
  siteId: string;
  open: boolean;
  onClose: () => void;
  /** Once the dialog is gone: where the keyboard goes next. */
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<ShiftForm>();
  const mutation = useMutation({
    mutationFn: (values: ShiftForm) =>
      openShift(siteId, { terminal: values.terminal.trim(), floatAmount: toFen(values.floatAmount) }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [...salesQueryKey, siteId, 'shift'] });
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('sell.shift.title')}
      okText={t('sell.shift.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      focusTriggerAfterClose={false}
      afterClose={onClosed}
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      okButtonProps={{ 'data-testid': 'open-shift-submit' }}
    >
      <p>{t('sell.shift.intro')}</p>
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(mutation.error, t)}
          className="admit-form-alert"
        />
      ) : null}
      <Form<ShiftForm>
        form={form}
        layout="vertical"
        initialValues={{ terminal: '01', floatAmount: '0' }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Form.Item
          name="floatAmount"
          label={t('sell.shift.float')}
          extra={t('sell.shift.floatHint')}
          rules={[yuanRule(t, { required: true })]}
        >
          <Input prefix="¥" inputMode="decimal" autoComplete="off" autoFocus data-testid="shift-float" />
        </Form.Item>
        <Form.Item
          name="terminal"
          label={t('sell.shift.terminal')}
          extra={t('sell.shift.terminalHint')}
          rules={[
            {
              pattern: /^[0-9A-Za-z]{2}$/,
              required: true,
              message: t('sell.shift.terminalInvalid'),
            },
          ]}
        >
          <Input
            maxLength={2}
            autoComplete="off"
            className="admit-input-short"
            data-testid="shift-terminal"
          />
        </Form.Item>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Modal>
  );
}
