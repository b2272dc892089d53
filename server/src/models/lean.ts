import type { Types } from 'mongoose';

/**
 * A stored document's fields as plain data: what `.lean()` returns, and what a hydrated
 * document satisfies too (sub-document arrays become arrays of their raw fields). Presenters take these,
 * so a route hands them either without a cast.
 */
export type Plain<T> = T extends Date | Types.ObjectId | Buffer ? T
  : T extends Types.DocumentArray<infer U, any> ? Plain<U>[]
  : T extends readonly (infer U)[] ? Plain<U>[]
  : T extends object ? { [K in keyof T]: Plain<T[K]> }
  : T;

/** A stored document as a presenter reads it: plain fields, an id, the timestamps when the schema keeps them. */
export type Lean<T> = Plain<T> & { _id: unknown; createdAt?: Date; updatedAt?: Date };
