import { readStorage, writeStorage } from '@/store/storage';
import { localCopy, type FormDraft } from './steps';

// One local draft per user: the form resumes after the app was closed mid-step.
const key = (userId: string) => `xzf.registrationDraft.${userId}`;

export const loadLocalDraft = (userId: string) => readStorage<FormDraft>(key(userId));
export const saveLocalDraft = (userId: string, d: FormDraft) => writeStorage(key(userId), localCopy(d));
export const clearLocalDraft = (userId: string) => writeStorage(key(userId), null);
