import { FILE_PURPOSES, type FilePurpose } from '@shared/domain/files';
import type { Role } from '@shared/domain/roles';
import { hasRole, type Actor } from './jurisdiction';

export function canUploadFile(a: Actor | undefined, purpose: FilePurpose): boolean {
  if (!a) return false;
  const uploaders = (FILE_PURPOSES[purpose] as { uploaders?: readonly Role[] }).uploaders;
  return !uploaders || uploaders.some((r) => hasRole(a, r));
}

/**
 * Public files: anyone. Private: the uploader and the staff roles of the file's purpose. Jurisdiction is
 * not known from a bare file; the domain record that links a file (registration, tip-off) narrows it.
 */
export function canReadFile(a: Actor | undefined, file: { ownerId: string; public: boolean; purpose: string }): boolean {
  if (file.public) return true;
  if (!a) return false;
  if (a.id === file.ownerId) return true;
  const rule = FILE_PURPOSES[file.purpose as FilePurpose];
  return !!rule && rule.readers.some((r) => hasRole(a, r));
}
