// The h1 of a page in the shell, with optional actions on the right.
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function PageTitle({
  title,
  extra,
  children,
}: {
  title: string;
  extra?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="admit-page-title">
      <div>
        <Typography.Title level={1} className="admit-page-heading">
          {title}
        </Typography.Title>
        {children}
      </div>
      {extra === undefined ? null : <div className="admit-page-actions">{extra}</div>}
    </div>
  );
}
