// Uploaded files: who may upload for a purpose, who may read a private file.
import { FILE_PURPOSES, type FilePurpose } from '@shared/domain/files';
import type { Role } from '@shared/domain/roles';
import { forbidden, notFound } from '../errors';
import { hasRole } from './jurisdiction';
import { allow, check } from './policy';

export interface FileResource { ownerId: string; public: boolean; purpose: string }

export const fileRules = {
  /** A purpose's uploaders (none listed: any signed-in user). */
  'file.upload': allow<{ purpose: FilePurpose }>(check((a, f) => {
    if (!a) return false;
    const uploaders = (FILE_PURPOSES[f.purpose] as { uploaders?: readonly Role[] }).uploaders;
    return !uploaders || uploaders.some((r) => hasRole(a, r));
  }, () => forbidden('file.purpose_forbidden'))),
  /**
   * Public files: anyone. Private: the uploader and the staff roles of the file's purpose; others 404, so a
   * private file's existence does not leak. Jurisdiction is not known from a bare file; the domain record
   * that links a file (registration, tip-off) narrows it.
   */
  'file.read': allow<FileResource>(check((a, f) => {
    if (f.public) return true;
    if (!a) return false;
    if (a.id === f.ownerId) return true;
    const rule = FILE_PURPOSES[f.purpose as FilePurpose];
    return !!rule && rule.readers.some((r) => hasRole(a, r));
  }, () => notFound('file.not_found'))),
};
