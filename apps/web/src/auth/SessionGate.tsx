// Guards the logged-in part of the app. Nobody logged in: the public start page at `/`, the login page
// elsewhere (coming back afterwards). A user who must change their temporary password sees only that.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { meQuery } from '../api/auth';
import { LoadingScreen, LoadFailedScreen } from '../components/StatusScreens';
import { pathWithNext } from './redirect';
import { sessionEndReason } from './session';

export function SessionGate({ children, publicIndex }: { children: ReactNode; publicIndex?: ReactNode }) {
  const me = useQuery(meQuery);
  const client = useQueryClient();
  const location = useLocation();
  const here = `${location.pathname}${location.search}${location.hash}`;

  if (me.isPending) return <LoadingScreen />;
  if (me.isError) return <LoadFailedScreen error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data === null) {
    if (publicIndex !== undefined && location.pathname === '/') return publicIndex;
    // After a logout the next person starts afresh, not on the page the last one left open.
    const next = sessionEndReason(client) === 'logged_out' ? '/' : here;
    return <Navigate to={pathWithNext('/login', next)} replace />;
  }
  if (me.data.mustChangePassword) return <Navigate to={pathWithNext('/change-password', here)} replace />;
  return children;
}
