import { API_BASE, ApiError, messageFor } from './request';
import { getState } from '@/store/app';

/** H5: fetch with the session (a plain link sends no token), then save through a temporary link. */
export async function downloadExport(path: string, fileName: string): Promise<void> {
  const { token } = getState();
  const res = await fetch(`${API_BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(`http.${res.status}`, messageFor(`http.${res.status}`, undefined, res.status), res.status);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
