import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { CATEGORY_CODES } from '@shared/domain/categories';
import { COURSE_CATEGORIES } from '@shared/domain/training';

// A trainer's course (课程): what is taught; its sessions (TrainingSession) are when and where.
const CourseSchema = new Schema(
  {
    trainerId: { type: String, required: true },
    /** The trainer's name when the course was written (shown on lists and certificates). */
    trainerName: { type: String, required: true },
    title: { type: String, required: true },
    category: { type: String, enum: COURSE_CATEGORIES, required: true },
    description: { type: String, required: true },
    hours: { type: Number, required: true },
    targetCategories: { type: [String], enum: CATEGORY_CODES, default: [] },
    /** StoredFile ids (purpose training, public). */
    materials: { type: [String], default: [] },
    /** Where it is offered (GB/T 2260): owners whose region lies inside it see it "near me". */
    region: { type: String, required: true },
    /** Optional knowledge test (考核): where set, the certificate needs attendance and a pass. */
    quiz: {
      type: new Schema({
        questions: { type: [{ _id: false, text: { type: String, required: true }, options: { type: [String], required: true }, answer: { type: Number, required: true } }], required: true },
        passPercent: { type: Number, required: true },
        maxTries: { type: Number, required: true },
      }, { _id: false }),
      default: null,
    },
    active: { type: Boolean, default: true },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'courses' },
);
CourseSchema.index({ active: 1, category: 1, region: 1, createdAt: -1 }); // public list by category, near me
CourseSchema.index({ active: 1, region: 1, createdAt: -1 }); // public list near me
CourseSchema.index({ active: 1, category: 1, createdAt: -1 }); // public list by category
CourseSchema.index({ active: 1, createdAt: -1 }); // public list
CourseSchema.index({ trainerId: 1, createdAt: -1 }); // a trainer's own courses

export type Course = InferSchemaType<typeof CourseSchema>;
export type CourseDoc = HydratedDocument<Course>;
export const CourseModel = mongoose.model('Course', CourseSchema);
