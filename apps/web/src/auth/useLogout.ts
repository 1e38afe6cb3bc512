// Logging out: the server ends the auth session; whatever it answers, this browser forgets the user.
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { logout } from '../api/auth';
import { useSwitchUser } from './session';

export function useLogout(): { logout: () => void; pending: boolean } {
  const switchUser = useSwitchUser();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: logout,
    onSettled: () => {
      switchUser(null, 'logged_out');
      void navigate('/login', { replace: true });
    },
  });
  return { logout: () => mutation.mutate(), pending: mutation.isPending };
}
