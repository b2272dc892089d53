import mongoose, { Schema } from 'mongoose';

// Sequence numbers (certificate numbers per county and year) by one atomic $inc.
const CounterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, default: 0 } }, { versionKey: false });
export const CounterModel = mongoose.model('Counter', CounterSchema);

export async function nextSequence(key: string): Promise<number> {
  const doc = await CounterModel.findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
  return doc!.seq;
}
