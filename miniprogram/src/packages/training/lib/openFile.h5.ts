import { API_BASE } from '@/services/request';

/** H5: a course material (public) in a new tab; the browser shows a PDF or a picture itself. */
export async function openFile(fileId: string): Promise<void> {
  window.open(`${API_BASE}/files/${fileId}`, '_blank', 'noopener');
}
