// Uploaded files: who may upload for a purpose, who may read a private file.
import { FILE_PURPOSES, type FilePurpose } from '@shared/domain/files';
import type { Role } from '@shared/domain/roles';
import { forbidden, notFound } from '../errors';
import { hasRole, inJurisdiction } from './jurisdiction';
import { allow, check } from './policy';

export interface FileLinkResource { region: string; viewerId?: string | null }
export interface FileResource { ownerId: string; public: boolean; purpose: string; links?: readonly FileLinkResource[] | null }

export const fileRules = {
  /** A purpose's uploaders (none listed: any signed-in user). */
  'file.upload': allow<{ purpose: FilePurpose }>(check((a, f) => {
    if (!a) return false;
    const uploaders = (FILE_PURPOSES[f.purpose] as { uploaders?: readonly Role[] }).uploaders;
    return !uploaders || uploaders.some((r) => hasRole(a, r));
  }, () => forbidden('file.purpose_forbidden'))),
  /**
   * Public files: anyone. Private: the uploader; the person each record it is attached to is shown to
   * (the workshop's owner, the applicant); staff of the purpose's reader roles whose jurisdiction covers
   * the region of a record it is attached to. Everyone else 404, so a private file's existence does not
   * leak; a file attached to nothing yet is its uploader's alone.
   */
  'file.read': allow<FileResource>(check((a, f) => {
    if (f.public) return true;
    if (!a) return false;
    if (a.id === f.ownerId) return true;
    const links = f.links ?? [];
    if (links.some((l) => !!l.viewerId && l.viewerId === a.id)) return true;
    const rule = FILE_PURPOSES[f.purpose as FilePurpose];
    return !!rule && rule.readers.some((r) => hasRole(a, r)) && links.some((l) => inJurisdiction(a, l.region));
  }, () => notFound('file.not_found'))),
};
