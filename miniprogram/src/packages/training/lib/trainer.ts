import { useAppState } from '@/store/app';

/** Trainers (and admins of the region) run the desk. */
export function useIsTrainer(): { token: string | null; trainer: boolean } {
  const { user, token } = useAppState();
  return { token, trainer: !!user?.roles.some((r) => r === 'trainer' || r === 'admin') };
}
