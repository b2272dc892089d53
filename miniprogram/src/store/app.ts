import { useSyncExternalStore } from 'react';
import type { UserView } from '@shared/schemas/auth';
import type { Role } from '@shared/domain/roles';
import { STORAGE_KEYS, readStorage, writeStorage } from './storage';

// A tiny external store: every page subscribes, so the large-text switch and login state apply to all
// open pages at once without a context provider (Taro pages are separate React roots in weapp).
export interface AppState {
  token: string | null;
  user: UserView | null;
  largeText: boolean;
}

let state: AppState = load();
const listeners = new Set<() => void>();

function load(): AppState {
  return {
    token: readStorage<string>(STORAGE_KEYS.token),
    user: readStorage<UserView>(STORAGE_KEYS.user),
    largeText: readStorage<boolean>(STORAGE_KEYS.largeText) === true,
  };
}

function set(patch: Partial<AppState>): void {
  state = { ...state, ...patch };
  listeners.forEach((l) => l());
}

export function getState(): AppState {
  return state;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-reads storage; tests use it after seeding storage. */
export function reloadState(): void {
  set(load());
}

export function setSession(token: string, user: UserView): void {
  writeStorage(STORAGE_KEYS.token, token);
  writeStorage(STORAGE_KEYS.user, user);
  set({ token, user });
}

export function setUser(user: UserView): void {
  writeStorage(STORAGE_KEYS.user, user);
  set({ user });
}

export function clearSession(): void {
  writeStorage(STORAGE_KEYS.token, null);
  writeStorage(STORAGE_KEYS.user, null);
  set({ token: null, user: null });
}

export function setLargeText(largeText: boolean): void {
  writeStorage(STORAGE_KEYS.largeText, largeText);
  set({ largeText });
}

export function useAppState(): AppState {
  return useSyncExternalStore(subscribe, getState, getState);
}

export function hasRole(user: UserView | null, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}
