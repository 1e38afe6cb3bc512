// Resolving one difference: how (explained, corrected at the provider, corrected here, or booked as a
// settlement adjustment — whose id is then required), and a note saying what was found and done. Enter
// in the note submits (Shift+Enter for a new line). A difference a colleague resolved meanwhile is
// refused by the server, and the lists are refreshed either way.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Drawer, Form, Input, Select, Space, type GetRef } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { reconciliationQueryKey, resolveItem, type ReconciliationItemView } from './api';

type Resolution = 'explained' | 'corrected_at_provider' | 'corrected_in_system' | 'adjusted';
const RESOLUTIONS: Resolution[] = ['explained', 'corrected_at_provider', 'corrected_in_system', 'adjusted'];

type ResolveForm = { resolution: Resolution; note: string; adjustmentId: string };

const FORM_ID = 'recon-resolve-form';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ResolveDrawer({
  site,
  item,
  onClose,
}: {
  site: SiteView;
  item: ReconciliationItemView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ResolveForm>();
  const noteField = useRef<GetRef<typeof Input.TextArea>>(null);
  const mutation = useMutation({
    mutationFn: (values: ResolveForm) =>
      resolveItem(item!.id, {
        siteId: site.id,
        resolution: values.resolution,
        note: values.note.trim(),
        adjustmentId: values.adjustmentId.trim() === '' ? null : values.adjustmentId.trim(),
      }),
    onSuccess: () => {
      void message.success(t('reconciliation.resolve.done'));
      onClose();
    },
    onSettled: () => void client.invalidateQueries({ queryKey: reconciliationQueryKey(site.id) }),
  });

  return (
    <Drawer
      open={item !== null}
      title={t('reconciliation.resolve.title')}
      size={480}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        // The drawer takes the focus when it opens; hand it to the note, what is always written.
        if (visible) noteField.current?.focus();
        else mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={FORM_ID}
            loading={mutation.isPending}
            data-testid="recon-resolve-submit"
          >
            {t('reconciliation.resolve.submit')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
      data-testid="recon-resolve-drawer"
    >
      {item === null ? null : (
        <>
          <p>
            {t('reconciliation.resolve.item', {
              outcome: t(`reconciliation.outcomes.${item.outcome}`),
              reference: item.reference,
            })}
          </p>
          {mutation.isError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              className="admit-form-alert"
              title={errorText(mutation.error, t)}
              data-testid="recon-resolve-error"
            />
          ) : null}
          <Form<ResolveForm>
            form={form}
            id={FORM_ID}
            layout="vertical"
            disabled={mutation.isPending}
            initialValues={{ resolution: 'explained', note: '', adjustmentId: '' }}
            onFinish={(values) => mutation.mutate(values)}
          >
            <Form.Item name="resolution" label={t('reconciliation.resolve.kind')}>
              <Select
                data-testid="recon-resolution-kind"
                options={RESOLUTIONS.map((r) => ({ value: r, label: t(`reconciliation.resolutions.${r}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('reconciliation.resolve.note')}
              rules={[
                { required: true, whitespace: true, message: t('reconciliation.resolve.noteRequired') },
              ]}
            >
              <Input.TextArea
                ref={noteField}
                rows={3}
                maxLength={500}
                placeholder={t('reconciliation.resolve.notePlaceholder')}
                onPressEnter={(e) => {
                  if (e.shiftKey || e.nativeEvent.isComposing) return;
                  e.preventDefault();
                  form.submit();
                }}
                data-testid="recon-resolution-note"
              />
            </Form.Item>
            <Form.Item
              name="adjustmentId"
              label={t('reconciliation.resolve.adjustment')}
              dependencies={['resolution']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_rule, value: string) => {
                    const given = (value ?? '').trim();
                    if (given === '' && getFieldValue('resolution') === 'adjusted')
                      return Promise.reject(new Error(t('reconciliation.resolve.adjustmentRequired')));
                    if (given !== '' && !uuid.test(given))
                      return Promise.reject(new Error(t('reconciliation.resolve.adjustmentRequired')));
                    return Promise.resolve();
                  },
                }),
              ]}
            >
              <Input autoComplete="off" maxLength={36} data-testid="recon-resolution-adjustment" />
            </Form.Item>
            <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
          </Form>
        </>
      )}
    </Drawer>
  );
}
