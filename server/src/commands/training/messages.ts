// A trainer's message to a session's attendees (群发通知): one notice (and WeChat subscribe message) per owner
// with a live booking. Idempotent by the client's messageId (the message's `_id`), rate-limited per session,
// and never half-sent: the recipients are fixed in the stored message and the sending is its owed step.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { BookingStatus } from '@shared/domain/training';
import { MESSAGES_PER_SESSION, MESSAGE_STATUSES, type SessionMessageBody, type SessionMessageResult } from '@shared/schemas/trainingRoster';
import type { Config } from '../../config';
import { defineOwed, finishOwed, owe } from '../../db/owed';
import { insertOrGet } from '../../db/sequence';
import { conflict, tooManyRequests } from '../../errors';
import type { AppContext } from '../../http/types';
import { makeLimiter } from '../../middlewares/rateLimit';
import { BookingModel } from '../../models/Booking';
import { TrainingMessageModel, type TrainingMessageDoc } from '../../models/TrainingMessage';
import type { TrainingSessionDoc } from '../../models/TrainingSession';
import { authorize } from '../../policies';
import { audit } from '../../services/audit';
import { notifyUser } from '../../services/notify';
import { MY_TRAINING_PAGE } from './seats';

const OWED = 'TrainingMessage';

const limiters = new WeakMap<Config, RateLimiterAbstract>();
async function consumeSessionPoint(config: Config, sessionId: string) {
  let l = limiters.get(config);
  if (!l) { l = makeLimiter(config.rateLimit.store, 'training-message', MESSAGES_PER_SESSION.points, MESSAGES_PER_SESSION.durationSec); limiters.set(config, l); }
  try {
    await l.consume(sessionId);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
    throw e;
  }
}

const result = (m: TrainingMessageDoc, replayed: boolean): SessionMessageResult => ({
  messageId: m.messageId, told: m.recipients.length, includeWaitlisted: m.includeWaitlisted, replayed, sentAt: (m.createdAt ?? new Date()).toISOString(),
});

/** The same messageId again: the first result, unless it now carries another message (409). */
function replay(m: TrainingMessageDoc, input: SessionMessageBody): SessionMessageResult {
  if (m.title !== input.title || m.body !== input.body || m.includeWaitlisted !== input.includeWaitlisted) {
    throw conflict('training.message_id_reused');
  }
  return result(m, true);
}

export async function sendSessionMessage(ctx: AppContext, s: TrainingSessionDoc, input: SessionMessageBody): Promise<SessionMessageResult> {
  authorize(ctx.state.user, 'training.manage', s);
  const sessionId = String(s._id);
  const _id = `${sessionId}:${input.messageId}`;
  // A resend of a message already stored costs no rate-limit point.
  const earlier = await TrainingMessageModel.findById(_id);
  if (earlier) return replay(earlier, input);
  await consumeSessionPoint(ctx.services.config, sessionId);

  const statuses: BookingStatus[] = input.includeWaitlisted ? [...MESSAGE_STATUSES, 'waitlisted'] : [...MESSAGE_STATUSES];
  const bookings = await BookingModel.find({ sessionId, status: { $in: statuses } }, { ownerId: 1 }).limit(5000).lean();
  const recipients = [...new Set(bookings.map((b) => b.ownerId))];
  const { doc, created } = await insertOrGet(TrainingMessageModel, {
    _id, sessionId, messageId: input.messageId, senderId: String(ctx.state.user!._id), title: input.title, body: input.body,
    includeWaitlisted: input.includeWaitlisted, recipients, ...owe(['notify']),
  }, { _id });
  if (!created) return replay(doc, input); // the same message, sent at the same moment
  await audit(ctx, {
    action: 'training.message_sent', subjectType: 'TrainingSession', subjectId: sessionId,
    after: { messageId: input.messageId, title: input.title, includeWaitlisted: input.includeWaitlisted, told: recipients.length },
  });
  const done = await finishOwed(ctx.services, OWED, doc);
  return result(done, false);
}

defineOwed<TrainingMessageDoc>(OWED, TrainingMessageModel, {
  // One keyed notice per recipient: a rerun after a crash tells only those not yet told.
  async notify(services, m) {
    for (const ownerId of m.recipients) {
      await notifyUser(services, ownerId, { title: m.title, body: m.body, page: MY_TRAINING_PAGE, key: `TrainingMessage:${String(m._id)}:${ownerId}` });
    }
  },
});
