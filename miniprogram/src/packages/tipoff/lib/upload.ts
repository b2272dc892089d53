import { uploadEach, uploadFile } from '@/services/upload';
import type { DraftMedia } from './storage';

export interface Picked { path: string; kind: 'image' | 'video'; preview?: string }

/** Evidence upload (purpose=tipoff): anonymous allowed; the server strips EXIF/GPS and makes thumbnails. */
async function uploadOne(p: Picked): Promise<DraftMedia> {
  const f = await uploadFile('tipoff', p.path, p.kind === 'video' ? 'evidence.mp4' : 'evidence.jpg');
  return { id: f.id, kind: p.kind, preview: p.preview ?? (p.kind === 'image' ? p.path : undefined) };
}

/** Uploads the picked files one by one; stops at the first failure (its message is shown). */
export function uploadAll(picked: Picked[]): Promise<DraftMedia[]> {
  return uploadEach(picked, uploadOne);
}
