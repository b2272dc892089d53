// The authorization matrix (issue 12, standing suite): for every route of the API, which of the nine
// actors may call it. matrix.test.ts reads the routes from /api/v1/openapi.json, so a route without a
// line here fails the test, and runs every cell over HTTP: an actor listed must get a 2xx, any other a
// 401 (anonymous) or 403/404 with nothing stored. The cast, around one workshop of 450203 (柳州市鱼峰区):
export const ACTORS = [
  'anonymous',
  'citizen',
  /** The owner of the workshop (and applicant of the application) the route acts on. */
  'owner',
  /** The owner of another workshop of the same county. */
  'otherOwner',
  /** A trainer of 450203 (invited and redeemed like `npm run staff -- invite --role trainer`), who gives the course. */
  'trainer',
  /** An inspector of 450203, the workshop's county. */
  'inspector',
  /** An inspector of 450303 (桂林市秀峰区). */
  'otherInspector',
  /** An admin of 4502 (柳州市), the workshop's city. */
  'admin',
  /** An admin of 4503 (桂林市). */
  'otherAdmin',
] as const;
export type Actor = (typeof ACTORS)[number];

// --- groups -------------------------------------------------------------------------------------------
/** Everyone, signed in or not. */
const PUBLIC: readonly Actor[] = ACTORS;
/** Anyone signed in. */
const SIGNED_IN: readonly Actor[] = ACTORS.filter((a) => a !== 'anonymous');
/** The owner of this workshop (the applicant of this application) only. */
const OWNER_OF: readonly Actor[] = ['owner'];
/** Inspectors and admins whose region covers the record. */
const STAFF_OF_REGION: readonly Actor[] = ['inspector', 'admin'];
/** The owner, or staff whose region covers the record. */
const OWNER_OR_STAFF_OF_REGION: readonly Actor[] = ['owner', ...STAFF_OF_REGION];
/** Admins whose region covers the record. */
const ADMIN_OF_REGION: readonly Actor[] = ['admin'];
/** Any inspector or admin: a list scoped to the caller's own region. */
const ANY_STAFF: readonly Actor[] = ['inspector', 'otherInspector', 'admin', 'otherAdmin'];
/** Any admin: figures of the caller's own region. */
const ANY_ADMIN: readonly Actor[] = ['admin', 'otherAdmin'];
/** Any inspector (not admins): the inspector's own day. */
const ANY_INSPECTOR: readonly Actor[] = ['inspector', 'otherInspector'];
/** The trainer (who made the course, or may make one in their region). */
const TRAINER: readonly Actor[] = ['trainer'];
/** The course's trainer, or admins whose region covers the course. */
const TRAINER_OR_ADMIN_OF_REGION: readonly Actor[] = ['trainer', ...ADMIN_OF_REGION];
/** Nobody of the cast. */
const NONE: readonly Actor[] = [];

export type Declaration =
  /** Who gets a 2xx; everyone else is refused. */
  | { allow: readonly Actor[]; note?: string }
  /** Needs a secret no actor holds (a signature, a token handed to one person); tested where named. */
  | { secret: string };

/** Routes where a trainer may do more than a citizen: the trainer's desk of issue 13 and the staff web sign-in settings, nothing else. */
export const TRAINER_EXTRA: readonly string[] = [
  'GET /api/v1/auth/staff/settings',
  'POST /api/v1/courses', 'PATCH /api/v1/courses/{id}', 'POST /api/v1/sessions', 'PATCH /api/v1/sessions/{id}',
  'GET /api/v1/sessions/{id}/roster', 'POST /api/v1/sessions/{id}/check-ins', 'POST /api/v1/sessions/{id}/finish',
  'GET /api/v1/sessions/{id}/roster.xlsx', 'POST /api/v1/sessions/{id}/messages',
];

/** Every route, as the OpenAPI document names it. */
export const MATRIX: Record<string, Declaration> = {
  // --- system and public data
  'GET /api/v1/health': { allow: PUBLIC },
  'GET /api/v1/meta': { allow: PUBLIC },
  'GET /api/v1/regions': { allow: PUBLIC },
  'GET /api/v1/calendar/working-days': { allow: PUBLIC },
  'GET /api/v1/calendar/years': { allow: ANY_ADMIN },
  'PUT /api/v1/calendar/years/{year}': { allow: NONE, note: 'national: province-level admins only (test/server/calendar)' },
  'GET /api/v1/dashboard': { allow: ANY_ADMIN },
  'GET /api/v1/dashboard/export.xlsx': { allow: ANY_ADMIN },
  'GET /api/v1/dashboard/trends': { allow: ANY_ADMIN },
  'GET /api/v1/dashboard/awards': { allow: ANY_ADMIN },

  // --- sign-in and staff
  'POST /api/v1/auth/wechat': { secret: 'a wx.login code issued by WeChat (test/server/auth/auth.test.ts)' },
  'POST /api/v1/auth/dev': { allow: PUBLIC, note: 'demo login, mounted only with DEV_LOGIN=1 outside production' },
  'GET /api/v1/me': { allow: SIGNED_IN },
  'POST /api/v1/auth/logout': { allow: SIGNED_IN, note: 'ends every session of the user (run after every other route)' },
  'POST /api/v1/auth/redeem-invite': { secret: 'an invite code an admin hands to one person (test/server/staff/invites.test.ts)' },
  'POST /api/v1/auth/staff/login': { secret: 'a staff password and a TOTP code (test/server/auth/staff.test.ts)' },
  'GET /api/v1/auth/staff/settings': { allow: ['trainer', ...ANY_STAFF] },
  'POST /api/v1/auth/staff/totp/setup': { allow: SIGNED_IN, note: 'a pending secret of the caller only (a new staff member enrols before redeeming)' },
  'PUT /api/v1/auth/staff/totp': { secret: 'a TOTP code of the new (and the current) secret (test/server/auth/staff.test.ts)' },
  'PUT /api/v1/auth/staff/password': { secret: 'the current password, or a first account name; citizens refused (test/server/auth/staff.test.ts)' },
  'POST /api/v1/auth/sms/send': { allow: PUBLIC, note: 'one code a minute per phone, a per-IP hourly limit' },
  'POST /api/v1/auth/sms/login': { secret: 'an SMS code sent to the phone (test/server/auth/phone.test.ts)' },
  'POST /api/v1/me/phone': { secret: 'an SMS code sent to the phone (test/server/auth/phone.test.ts)' },
  'GET /api/v1/auth/wechat/qr': { allow: PUBLIC },
  'POST /api/v1/auth/wechat/web': { secret: 'a web authorization code from WeChat and the state of a QR (test/server/auth/wechatWeb.test.ts)' },
  'POST /api/v1/staff/invites': { allow: ADMIN_OF_REGION },
  'POST /api/v1/staff/accounts/{id}/disable': { allow: ADMIN_OF_REGION, note: 'an inspector of 450203' },
  'POST /api/v1/staff/accounts/{id}/enable': { allow: ADMIN_OF_REGION, note: 'a disabled inspector of 450203' },
  'GET /api/v1/staff/accounts': { allow: ANY_ADMIN, note: 'scoped to the caller\'s region' },
  'PUT /api/v1/staff/accounts/{id}/region': { allow: ADMIN_OF_REGION, note: 'an inspector of 450203 moved to 450204' },
  'GET /api/v1/audit-events': { allow: ANY_ADMIN, note: 'the audit trail of the caller\'s region' },
  'GET /api/v1/staff/inspectors': { allow: ANY_STAFF },

  // --- public credit data
  'GET /api/v1/workshops': { allow: PUBLIC },
  'GET /api/v1/workshops/{id}': { allow: PUBLIC },
  'GET /api/v1/workshops/{id}/timeline': { allow: PUBLIC },
  'GET /api/v1/workshops/{id}/training-hours': { allow: PUBLIC },
  'GET /api/v1/black-workshops': { allow: PUBLIC },
  'GET /api/v1/certificates/{number}/verify': { allow: PUBLIC },
  'GET /api/v1/certificates/{number}/qr.png': { allow: PUBLIC },
  'GET /api/v1/draws': { allow: PUBLIC },
  'GET /api/v1/draws/{id}': { allow: PUBLIC },
  'GET /api/v1/negative-list': { allow: PUBLIC },

  // --- files
  'POST /api/v1/files': { allow: ANY_STAFF, note: 'purpose=inspection: staff only (tipoff: anyone; registration: anyone signed in)' },
  'GET /api/v1/files/{id}': { allow: OWNER_OR_STAFF_OF_REGION, note: 'a registration photo: its uploader and staff of the application\'s region' },
  'GET /api/v1/files/{id}/thumbnail': { allow: OWNER_OR_STAFF_OF_REGION },

  // --- registration
  'POST /api/v1/registrations': { allow: SIGNED_IN, note: 'anyone may apply; the applicant becomes the owner' },
  'GET /api/v1/registrations/mine': { allow: SIGNED_IN },
  'GET /api/v1/registrations': { allow: ANY_STAFF },
  'GET /api/v1/registrations/{id}': { allow: OWNER_OR_STAFF_OF_REGION },
  'PATCH /api/v1/registrations/{id}': { allow: OWNER_OF },
  'POST /api/v1/registrations/{id}/submit': { allow: OWNER_OF },
  'POST /api/v1/registrations/{id}/withdraw': { allow: OWNER_OF },
  'POST /api/v1/registrations/{id}/rating': { allow: OWNER_OF },
  'POST /api/v1/registrations/{id}/rating/reply': { allow: STAFF_OF_REGION },
  'GET /api/v1/ratings/summary': { allow: ANY_ADMIN },
  'DELETE /api/v1/registrations/{id}': { allow: OWNER_OF },
  'POST /api/v1/registrations/{id}/accept': { allow: STAFF_OF_REGION },
  'POST /api/v1/registrations/{id}/request-correction': { allow: STAFF_OF_REGION },
  'POST /api/v1/registrations/{id}/schedule-site-check': { allow: STAFF_OF_REGION },
  'POST /api/v1/registrations/{id}/site-check-result': { allow: STAFF_OF_REGION, note: 'scheduled with the inspector; any admin of the region may record' },
  'POST /api/v1/registrations/{id}/approve': { allow: STAFF_OF_REGION },
  'POST /api/v1/registrations/{id}/reject': { allow: STAFF_OF_REGION },
  'POST /api/v1/workshops/{id}/renewal': { allow: OWNER_OF },
  'POST /api/v1/workshops/{id}/change': { allow: OWNER_OF },
  'POST /api/v1/workshops/{id}/cancellation': { allow: OWNER_OF },
  'GET /api/v1/workshops/mine': { allow: SIGNED_IN },
  'PUT /api/v1/negative-list': { allow: ADMIN_OF_REGION },

  // --- supervision
  'GET /api/v1/inspections/tasks': { allow: ANY_INSPECTOR },
  'POST /api/v1/inspections': { allow: STAFF_OF_REGION },
  'GET /api/v1/inspections': { allow: ANY_STAFF },
  'GET /api/v1/inspections/{id}': { allow: OWNER_OR_STAFF_OF_REGION },
  'POST /api/v1/inspections/{id}/rectification': { allow: OWNER_OF },
  'POST /api/v1/inspections/{id}/review': { allow: STAFF_OF_REGION },
  'GET /api/v1/workshops/{id}/inspections': { allow: OWNER_OR_STAFF_OF_REGION },
  'POST /api/v1/workshops/{id}/self-checks': { allow: OWNER_OF },
  'GET /api/v1/workshops/{id}/self-checks': { allow: OWNER_OR_STAFF_OF_REGION },
  'GET /api/v1/workshops/{id}/samples': { allow: OWNER_OR_STAFF_OF_REGION },
  'GET /api/v1/workshops/{id}/penalties': { allow: OWNER_OR_STAFF_OF_REGION },
  'POST /api/v1/samples': { allow: STAFF_OF_REGION },
  'GET /api/v1/samples': { allow: ANY_STAFF },
  'GET /api/v1/samples/{id}': { allow: OWNER_OR_STAFF_OF_REGION },
  'POST /api/v1/samples/{id}/close-follow-up': { allow: STAFF_OF_REGION },
  'POST /api/v1/penalties': { allow: STAFF_OF_REGION },
  'GET /api/v1/penalties': { allow: ANY_STAFF },
  'GET /api/v1/penalties/{id}': { allow: OWNER_OR_STAFF_OF_REGION },
  'POST /api/v1/penalties/{id}/repair': { allow: OWNER_OF },
  'POST /api/v1/penalties/{id}/repair-review': { allow: ADMIN_OF_REGION },
  'POST /api/v1/draws': { allow: ADMIN_OF_REGION },
  'POST /api/v1/draws/{id}/draw': { allow: ADMIN_OF_REGION },

  // --- tip-offs
  'POST /api/v1/tipoffs': { allow: PUBLIC, note: 'anonymous reports need no login' },
  'GET /api/v1/tipoffs/mine': { allow: SIGNED_IN },
  'GET /api/v1/tipoffs/track': { secret: 'the receipt code and tracking token shown once to the reporter (test/server/tipoff/submit.test.ts)' },
  'POST /api/v1/tipoffs/track/rating': { secret: 'the reporter\'s receipt code and token (test/server/tipoff/handling.test.ts)' },
  'POST /api/v1/tipoffs/claim-reward': { secret: 'the reporter\'s receipt code and token (test/server/tipoff/rewards.test.ts)' },
  'POST /api/v1/tipoffs/claim-reward/confirmation': { secret: 'the reporter\'s receipt code and token and a transfer bill (test/server/tipoff/payout-bills-*.test.ts)' },
  'GET /api/v1/tipoffs': { allow: ANY_STAFF },
  'GET /api/v1/tipoffs/{id}': { allow: STAFF_OF_REGION },
  'POST /api/v1/tipoffs/{id}/accept': { allow: STAFF_OF_REGION },
  'POST /api/v1/tipoffs/{id}/decline': { allow: STAFF_OF_REGION },
  'POST /api/v1/tipoffs/{id}/extend': { allow: STAFF_OF_REGION },
  'POST /api/v1/tipoffs/{id}/close': { allow: STAFF_OF_REGION },
  'POST /api/v1/tipoffs/{id}/reporter': { allow: STAFF_OF_REGION, note: 'the handling inspector and admins of the region' },
  'POST /api/v1/tipoffs/{id}/rewards': { allow: STAFF_OF_REGION },
  'GET /api/v1/tipoff-rewards': { allow: ANY_STAFF },
  'POST /api/v1/tipoff-rewards/{id}/approve': { allow: ADMIN_OF_REGION, note: 'proposed by the inspector: a second person decides' },
  'POST /api/v1/tipoff-rewards/{id}/reject': { allow: ADMIN_OF_REGION },
  'POST /api/v1/tipoff-rewards/{id}/retry': { allow: STAFF_OF_REGION, note: 'after WeChat Pay refused the transfer' },
  'POST /api/v1/pay/notify/transfer': { secret: 'signed by WeChat Pay (test/server/tipoff/payout-*.test.ts)' },
  'POST /api/v1/pay/notify': { secret: 'signed by WeChat Pay (test/server/payments/*.test.ts)' },
  'POST /api/v1/pay/refund-notify': { secret: 'signed by WeChat Pay (test/server/payments/*.test.ts)' },

  // --- training: the trainer's own courses and sessions (admins of the course's region too), owners book
  'GET /api/v1/courses': { allow: PUBLIC },
  'GET /api/v1/courses/{id}': { allow: PUBLIC },
  'GET /api/v1/sessions/{id}': { allow: PUBLIC },
  'GET /api/v1/certificates/training/{no}/verify': { allow: PUBLIC },
  'GET /api/v1/certificates/training/{no}/qr.png': { allow: PUBLIC },
  'POST /api/v1/courses': { allow: TRAINER },
  'PATCH /api/v1/courses/{id}': { allow: TRAINER_OR_ADMIN_OF_REGION },
  'POST /api/v1/sessions': { allow: TRAINER_OR_ADMIN_OF_REGION },
  'PATCH /api/v1/sessions/{id}': { allow: TRAINER_OR_ADMIN_OF_REGION },
  'GET /api/v1/sessions/{id}/roster': { allow: TRAINER_OR_ADMIN_OF_REGION },
  'GET /api/v1/sessions/{id}/roster.xlsx': { allow: TRAINER_OR_ADMIN_OF_REGION },
  'POST /api/v1/sessions/{id}/messages': { allow: TRAINER_OR_ADMIN_OF_REGION, note: 'rate-limited per session (test/server/training/roster.test.ts)' },
  'POST /api/v1/sessions/{id}/check-ins': { allow: TRAINER_OR_ADMIN_OF_REGION },
  'POST /api/v1/sessions/{id}/finish': { allow: TRAINER_OR_ADMIN_OF_REGION },
  'POST /api/v1/sessions/{id}/bookings': { allow: OWNER_OF, note: 'for the owner\'s own workshop' },
  'POST /api/v1/bookings/{id}/cancel': { allow: OWNER_OF },
  'POST /api/v1/bookings/{id}/accept-offer': { allow: OWNER_OF },
  'POST /api/v1/bookings/{id}/pay': { allow: OWNER_OF, note: 'a held booking of a paid session' },
  'GET /api/v1/bookings/mine': { allow: SIGNED_IN },
  'GET /api/v1/bookings/{id}/quiz': { allow: OWNER_OF, note: 'questions without answers, once attended' },
  'POST /api/v1/bookings/{id}/quiz/attempts': { allow: OWNER_OF },

  // --- message centre: each caller's own notices
  'GET /api/v1/messages': { allow: SIGNED_IN, note: 'the caller\'s own notices' },
  'GET /api/v1/messages/unread-count': { allow: SIGNED_IN },
  'POST /api/v1/messages/read-all': { allow: SIGNED_IN, note: 'marks the caller\'s own notices only' },
  'POST /api/v1/messages/{id}/read': { allow: OWNER_OF, note: 'a notice sent to the owner: anyone else gets 404 (test/server/messages)' },

  // --- programs (issue 14): public pages and notice, owners apply for their workshop, admins of the region review
  'GET /api/v1/programs': { allow: PUBLIC },
  'GET /api/v1/programs/{id}': { allow: PUBLIC },
  'GET /api/v1/programs/{id}/notice': { allow: PUBLIC },
  'GET /api/v1/awards': { allow: PUBLIC },
  'GET /api/v1/awards/{id}': { allow: PUBLIC },
  'POST /api/v1/applications/{id}/objections': { allow: PUBLIC, note: 'an objection during the public notice is a tip-off: anyone, anonymously too' },
  'GET /api/v1/programs/{id}/eligibility': { allow: OWNER_OF, note: 'for the owner\'s own workshop' },
  'GET /api/v1/programs/for-me': { allow: OWNER_OF, note: 'for the owner\'s own workshop' },
  'POST /api/v1/programs/{id}/applications': { allow: OWNER_OF, note: 'for the owner\'s own workshop' },
  'GET /api/v1/applications/mine': { allow: SIGNED_IN },
  'POST /api/v1/applications/{id}/withdraw': { allow: OWNER_OF },
  'POST /api/v1/applications/{id}/answer': { allow: OWNER_OF },
  'POST /api/v1/awards/{id}/teaching': { allow: OWNER_OF, note: 'the inheritor records teaching for the subsidy' },
  'GET /api/v1/awards/{id}/teaching': { allow: ['owner', ...ADMIN_OF_REGION], note: 'the inheritor\'s teaching record and subsidy: the inheritor, or an admin of its region (who pays it)' },
  'PUT /api/v1/awards/{id}/story': { allow: ['owner', ...ADMIN_OF_REGION], note: 'the heritage story page: the workshop\'s owner or an admin of its region' },
  'POST /api/v1/programs': { allow: ADMIN_OF_REGION },
  'PATCH /api/v1/programs/{id}': { allow: ADMIN_OF_REGION },
  'GET /api/v1/programs/{id}/applications': { allow: ADMIN_OF_REGION },
  'POST /api/v1/applications/{id}/score': { allow: ADMIN_OF_REGION },
  'POST /api/v1/applications/{id}/question': { allow: ADMIN_OF_REGION },
  'POST /api/v1/applications/{id}/approve': { allow: ADMIN_OF_REGION },
  'POST /api/v1/applications/{id}/reject': { allow: ADMIN_OF_REGION },
  'POST /api/v1/applications/{id}/objections/resolve': { allow: ADMIN_OF_REGION },
  'GET /api/v1/awards/flagged': { allow: ANY_ADMIN },
  'POST /api/v1/awards/{id}/revoke': { allow: ADMIN_OF_REGION },
  'GET /api/v1/programs/desk': { allow: ANY_ADMIN, note: 'the review desk: programs of the admin\'s region with counts' },
  'GET /api/v1/applications/{id}/review': { allow: ADMIN_OF_REGION },
  'POST /api/v1/awards/{id}/keep': { allow: ADMIN_OF_REGION, note: 'a flagged award kept after review' },
};
