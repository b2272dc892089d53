import { readStorage, writeStorage } from '@/store/storage';

/** An application being written: survives leaving the page and closing the app (one per user and program). */
export interface ApplyDraft {
  workshopId: string;
  statement: string;
  /** Uploaded files by material code: id for the server, name and local preview for the page. */
  materials: Record<string, Array<{ fileId: string; name: string; preview: string | null }>>;
}

const key = (userId: string, programId: string) => `xzf.programDraft.${userId}.${programId}`;

export const emptyApplyDraft = (): ApplyDraft => ({ workshopId: '', statement: '', materials: {} });
export const loadApplyDraft = (userId: string, programId: string) => readStorage<ApplyDraft>(key(userId, programId));
export const saveApplyDraft = (userId: string, programId: string, d: ApplyDraft) => writeStorage(key(userId, programId), d);
export const clearApplyDraft = (userId: string, programId: string) => writeStorage(key(userId, programId), null);

/** The body's materials: one entry per uploaded file, with its material code. */
export const materialsBody = (d: ApplyDraft) => Object.entries(d.materials).flatMap(([code, files]) => files.map((f) => ({ code, fileId: f.fileId })));

/** Required materials with no file yet (labels). */
export const missingMaterials = (d: ApplyDraft, required: Array<{ code: string; label: string; required: boolean }>) =>
  required.filter((m) => m.required && !(d.materials[m.code]?.length)).map((m) => m.label);
