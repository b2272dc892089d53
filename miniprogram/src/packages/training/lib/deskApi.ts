// The trainer desk's roster export and 群发通知 (routes/training/roster.ts). Apart from api.ts so that the
// helpers working on training in parallel do not edit one file.
import type { SessionMessageBody, SessionMessageResponse } from '@shared/schemas/trainingRoster';
import type { z } from 'zod';
import { api } from '@/services/request';
import { downloadExport } from '@/services/exportFile';
import { newScanId } from './checkInQueue';

export type SessionMessageResult = z.infer<typeof SessionMessageResponse>['data'];

/** A client id for one message: kept while the form is open, so that a retry after a lost answer sends once. */
export const newMessageId = newScanId;

export const deskApi = {
  /** weapp: downloaded with the session and opened in WeChat's viewer; H5: saved by the browser. */
  exportRoster: (sessionId: string, fileName: string) => downloadExport(`/sessions/${sessionId}/roster.xlsx`, fileName),
  sendMessage: (sessionId: string, body: SessionMessageBody) =>
    api.post<z.infer<typeof SessionMessageResponse>>(`/sessions/${sessionId}/messages`, body, { loading: '发送中' }).then((r) => r.data),
};
