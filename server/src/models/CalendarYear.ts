import mongoose, { Schema, type InferSchemaType } from 'mongoose';

// Admin-maintained statutory calendar for one year (国务院办公厅 holiday notice). When present it replaces
// the built-in data for that year; a year with neither is "unknown" and flagged wherever it is used.
const CalendarYearSchema = new Schema(
  {
    year: { type: Number, required: true, unique: true },
    holidays: { type: [String], default: [] }, // YYYY-MM-DD days off, weekends inside a holiday included
    workdays: { type: [String], default: [] }, // YYYY-MM-DD adjusted working Saturdays/Sundays (调休上班)
    source: { type: String, required: true },
    updatedBy: { type: String, default: null },
  },
  { timestamps: true },
);

export type CalendarYear = InferSchemaType<typeof CalendarYearSchema>;
export const CalendarYearModel = mongoose.model('CalendarYear', CalendarYearSchema);
